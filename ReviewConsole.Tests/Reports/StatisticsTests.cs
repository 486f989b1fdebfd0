using ReviewConsole.Core.Reports;

namespace ReviewConsole.Tests.Reports;

/// <summary>
/// The pure statistics against values worked out by hand (Wilson bounds as the roots of
/// (p̂ − p)² = z²·p(1 − p)/n, kappa from the 2x2 table's margins).
/// </summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(3, 100, 0.010254524, 0.084519364)]
    [InlineData(0, 20, 0.0, 0.161125158)]
    [InlineData(20, 20, 0.838874842, 1.0)]
    [InlineData(1, 4, 0.045587261, 0.699358157)]
    public void WilsonIntervalMatchesTheRootsOfItsQuadratic(long successes, long trials, double low, double high)
    {
        var interval = WilsonInterval.Of(successes, trials);

        Assert.Equal(low, interval.Low, 1e-4);
        Assert.Equal(high, interval.High, 1e-4);
        Assert.Equal((double)successes / trials, interval.Rate, 1e-12);
    }

    [Fact]
    public void WilsonIntervalGivenNoTrialsIsTheWholeUnitInterval()
    {
        var interval = WilsonInterval.Of(0, 0);

        Assert.Equal((0.0, 1.0), (interval.Low, interval.High));
        Assert.True(double.IsNaN(interval.Rate));
    }

    [Fact]
    public void WilsonIntervalRefusesMoreSuccessesThanTrials() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(5, 4));

    [Fact]
    public void KappaOfATwoByTwoTableIsAgreementBeyondChance()
    {
        // n = 50, po = 35/50 = 0.7; rows 25/25, columns 30/20: pe = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5.
        Assert.Equal(0.4, CohensKappa.OfTwoByTwo(20, 5, 10, 15)!.Value, 1e-12);
    }

    [Fact]
    public void KappaIsOneForPerfectAgreementAndNegativeForSystematicDisagreement()
    {
        Assert.Equal(1.0, CohensKappa.OfTwoByTwo(7, 0, 0, 3)!.Value, 1e-12);

        // po = 0; rows 5/5, columns 5/5: pe = 0.5; κ = −0.5/0.5.
        Assert.Equal(-1.0, CohensKappa.OfTwoByTwo(0, 5, 5, 0)!.Value, 1e-12);
    }

    [Fact]
    public void KappaOfAThreeCategoryTableUsesEveryMargin()
    {
        // n = 100, po = .80; rows .30/.30/.40, columns .25/.35/.40: pe = .075 + .105 + .16 = .34; κ = .46/.66.
        long[,] table = { { 20, 5, 5 }, { 5, 25, 0 }, { 0, 5, 35 } };

        Assert.Equal(0.46 / 0.66, CohensKappa.Of(table)!.Value, 1e-12);
    }

    [Fact]
    public void KappaIsUndefinedWithNoItemsOrOneCategoryUsedByBoth()
    {
        Assert.Null(CohensKappa.OfTwoByTwo(0, 0, 0, 0));
        Assert.Null(CohensKappa.OfTwoByTwo(9, 0, 0, 0));
    }

    [Theory]
    [InlineData(0.5, 10, 4)]
    [InlineData(0.9, 10, 8)]
    [InlineData(0.9, 11, 9)]
    [InlineData(1.0, 7, 6)]
    [InlineData(0.0, 7, 0)]
    [InlineData(0.5, 1, 0)]
    public void NearestRankIndexIsTheCeilingOfPTimesNMinusOne(double p, long count, int index) =>
        Assert.Equal(index, Percentiles.NearestRankIndex(p, count));

    [Fact]
    public void MedianAveragesTheTwoMiddleValuesOfAnEvenCount()
    {
        Assert.Equal(2.5, Percentiles.Median([1, 2, 3, 4]));
        Assert.Equal(3.0, Percentiles.Median([1, 2, 3, 4, 100]));
        Assert.Null(Percentiles.Median([]));
        Assert.Null(Percentiles.NearestRankIndex(0.5, 0));
    }

    [Fact]
    public void CsvQuotesFieldsThatNeedItAndDefusesFormulas()
    {
        var table = new ReportTable("t", "T", ["name", "value"], [["a,b", "1.5"], ["say \"hi\"", "-2"], ["=cmd()", ""]]);

        Assert.Equal("name,value\r\n\"a,b\",1.5\r\n\"say \"\"hi\"\"\",-2\r\n'=cmd(),\r\n", table.ToCsv());
    }
}
