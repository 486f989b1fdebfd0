using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

public sealed class CtcDecoderTests
{
    private static readonly CtcAlphabet Alphabet = new(["a", "b", "c"]);

    [Fact]
    public void PutsBlankFirstAndSpaceLastGivenDictionary()
    {
        Assert.Equal(5, Alphabet.Count);
        Assert.Equal("", Alphabet[0]);
        Assert.Equal("a", Alphabet[1]);
        Assert.Equal(" ", Alphabet[4]);
    }

    [Fact]
    public void CollapsesRepeatsAndDropsBlanksGivenBestPath()
    {
        // a a _ a b b _ _ c space c
        float[] steps = Steps(1, 1, 0, 1, 2, 2, 0, 0, 3, 4, 3);

        RecognizedText text = CtcDecoder.Decode(steps, Alphabet);

        Assert.Equal("aabc c", text.Text);
    }

    [Fact]
    public void AveragesTheKeptStepsGivenConfidences()
    {
        float[] steps = new float[3 * 5];
        Set(steps, 0, 1, 0.9f);
        Set(steps, 1, 1, 0.5f);
        Set(steps, 2, 2, 0.6f);

        RecognizedText text = CtcDecoder.Decode(steps, Alphabet);

        // The repeated "a" is collapsed, so only its first probability counts, as in PaddleOCR.
        Assert.Equal("ab", text.Text);
        Assert.Equal((0.9f + 0.6f) / 2, text.Confidence, 5);
    }

    [Fact]
    public void ReturnsEmptyTextWithZeroConfidenceGivenOnlyBlanks()
    {
        Assert.Equal(new RecognizedText("", 0f), CtcDecoder.Decode(Steps(0, 0, 0), Alphabet));
    }

    [Fact]
    public void RejectsOutputGivenWrongClassCount()
    {
        Assert.Throws<ArgumentException>(() => CtcDecoder.Decode(new float[7], Alphabet));
    }

    [Fact]
    public void KeepsSymbolsAsWrittenGivenDictionaryFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x\r\n \n!\n");

            CtcAlphabet alphabet = CtcAlphabet.Load(path);

            Assert.Equal(5, alphabet.Count);
            Assert.Equal("x", alphabet[1]);
            Assert.Equal(" ", alphabet[2]);
            Assert.Equal("!", alphabet[3]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static float[] Steps(params int[] best)
    {
        float[] steps = new float[best.Length * Alphabet.Count];
        for (int t = 0; t < best.Length; t++)
        {
            Set(steps, t, best[t], 0.9f);
        }

        return steps;
    }

    private static void Set(float[] steps, int t, int symbol, float probability)
    {
        for (int c = 0; c < Alphabet.Count; c++)
        {
            steps[(t * Alphabet.Count) + c] = c == symbol ? probability : (1 - probability) / (Alphabet.Count - 1);
        }
    }
}
