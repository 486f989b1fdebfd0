using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

public sealed class TextCropTests
{
    [Fact]
    public void CopiesThePixelsGivenAxisAlignedQuadAtItsOwnSize()
    {
        var rgb = new byte[10 * 8 * 3];
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)(i * 7);
        }

        var image = new PixelBuffer(10, 8, rgb);

        byte[] crop = TextCrop.Sample(image, TextQuad.FromRectangle(2, 3, 4, 2), 4, 2);

        for (int y = 0; y < 2; y++)
        {
            Assert.Equal(rgb.AsSpan((((3 + y) * 10) + 2) * 3, 12).ToArray(), crop.AsSpan(y * 12, 12).ToArray());
        }
    }

    [Fact]
    public void TurnsTheImageGivenQuadStartingAtAnotherCorner()
    {
        // A 2 x 1 image, red then blue; read from the right-hand corner the crop shows blue first.
        var image = new PixelBuffer(2, 1, [255, 0, 0, 0, 0, 255]);
        var quad = new TextQuad(new(2, 1), new(0, 1), new(0, 0), new(2, 0));

        byte[] crop = TextCrop.Sample(image, quad, 2, 1);

        Assert.Equal(new byte[] { 0, 0, 255, 255, 0, 0 }, crop);
    }
}
