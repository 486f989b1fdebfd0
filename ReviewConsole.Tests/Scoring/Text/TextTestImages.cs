using System.Text;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Text;

namespace ReviewConsole.Tests.Scoring.Text;

/// <summary>Reads the binary PPM fixtures of TestData/text and measures where their ink is.</summary>
internal static class TextTestImages
{
    public static PixelBuffer Load(string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(ReviewConsole.Tests.TestSupport.RepositoryRoot.Path, "ReviewConsole.Tests", "TestData", "text", name));
        int position = 0;
        string magic = NextToken(bytes, ref position);
        if (magic != "P6")
        {
            throw new InvalidDataException($"{name} is {magic}, not a binary PPM (P6).");
        }

        int width = int.Parse(NextToken(bytes, ref position));
        int height = int.Parse(NextToken(bytes, ref position));
        int max = int.Parse(NextToken(bytes, ref position));
        if (max != 255)
        {
            throw new InvalidDataException($"{name} has {max} levels; only 8-bit PPM is supported.");
        }

        // Exactly one whitespace byte separates the header from the pixels.
        position++;
        return new PixelBuffer(width, height, bytes.AsSpan(position, width * height * 3).ToArray());
    }

    /// <summary>Bounding box of the dark pixels: where the rendered text actually is.</summary>
    public static (int X0, int Y0, int X1, int Y1) InkBounds(PixelBuffer image)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                int i = ((y * image.Width) + x) * 3;
                if (image.Rgb[i] + image.Rgb[i + 1] + image.Rgb[i + 2] < 3 * 128)
                {
                    x0 = Math.Min(x0, x);
                    y0 = Math.Min(y0, y);
                    x1 = Math.Max(x1, x);
                    y1 = Math.Max(y1, y);
                }
            }
        }

        return (x0, y0, x1, y1);
    }

    /// <summary>Share of the ink bounding box that <paramref name="quad"/>'s bounding box covers.</summary>
    public static double InkOverlap(TextQuad quad, (int X0, int Y0, int X1, int Y1) ink)
    {
        double width = Math.Min(quad.MaxX, ink.X1 + 1) - Math.Max(quad.MinX, ink.X0);
        double height = Math.Min(quad.MaxY, ink.Y1 + 1) - Math.Max(quad.MinY, ink.Y0);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        return width * height / ((ink.X1 - ink.X0 + 1.0) * (ink.Y1 - ink.Y0 + 1.0));
    }

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> image filled with copies of <paramref name="tile"/>.</summary>
    public static PixelBuffer Tile(PixelBuffer tile, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                Array.Copy(tile.Rgb, (((y % tile.Height) * tile.Width) + (x % tile.Width)) * 3, rgb, ((y * width) + x) * 3, 3);
            }
        }

        return new PixelBuffer(width, height, rgb);
    }

    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string NextToken(byte[] bytes, ref int position)
    {
        while (position < bytes.Length)
        {
            if (bytes[position] == '#')
            {
                while (position < bytes.Length && bytes[position] != '\n')
                {
                    position++;
                }
            }
            else if (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
            else
            {
                break;
            }
        }

        int start = position;
        while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position]))
        {
            position++;
        }

        return Encoding.ASCII.GetString(bytes, start, position - start);
    }
}
