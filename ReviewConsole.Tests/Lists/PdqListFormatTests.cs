using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Tests.Lists;

public sealed class PdqListFormatTests
{
    private const string Hash = "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# a comment")]
    [InlineData("  # an indented comment, " + Hash)]
    public void ReadsNothingGivenBlankOrCommentLine(string line) => Assert.Equal(PdqLine.Nothing, PdqListFormat.Parse(line));

    [Theory]
    [InlineData(Hash, null)]
    [InlineData(" " + Hash + "\t", null)]
    [InlineData(Hash + ",80", 80)]
    [InlineData(Hash + " , 0", 0)]
    [InlineData(Hash + ",100", 100)]
    public void ReadsHashAndOptionalQualityGivenValidLine(string line, int? quality)
    {
        var parsed = PdqListFormat.Parse(line);

        Assert.Null(parsed.Error);
        Assert.Equal(PdqHash.Parse(Hash), parsed.Hash);
        Assert.Equal(quality, parsed.Quality);
    }

    [Theory]
    [InlineData("not a hash")]
    [InlineData("1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaa")]
    [InlineData(Hash + "0")]
    [InlineData(Hash + ",101")]
    [InlineData(Hash + ",-1")]
    [InlineData(Hash + ",high")]
    [InlineData(Hash + ",80,extra")]
    public void DescribesTheProblemGivenInvalidLine(string line)
    {
        var parsed = PdqListFormat.Parse(line);

        Assert.Null(parsed.Hash);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Fact]
    public void WritesQualityOnlyWhenKnown()
    {
        Assert.Equal(Hash, PdqListFormat.Format(Hash, null));
        Assert.Equal(Hash + ",73", PdqListFormat.Format(Hash, 73));
    }
}
