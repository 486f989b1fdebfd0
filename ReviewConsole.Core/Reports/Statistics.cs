namespace ReviewConsole.Core.Reports;

/// <summary>A proportion with its 95% confidence interval.</summary>
/// <param name="Successes">How many of the trials counted (e.g. misses).</param>
/// <param name="Trials">How many there were.</param>
/// <param name="Low">Lower bound of the interval.</param>
/// <param name="High">Upper bound of the interval.</param>
public readonly record struct ProportionInterval(long Successes, long Trials, double Low, double High)
{
    /// <summary>The observed proportion; NaN with no trials.</summary>
    public double Rate => Trials == 0 ? double.NaN : (double)Successes / Trials;
}

/// <summary>
/// The Wilson score interval for a binomial proportion. Unlike the normal ("Wald") interval it stays
/// inside [0,1] and is not degenerate at 0 or n successes, which is exactly where audit error rates live
/// (few misses among many samples).
/// </summary>
public static class WilsonInterval
{
    /// <summary>The standard normal quantile for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The interval for <paramref name="successes"/> out of <paramref name="trials"/>:
    /// (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). With no trials it is [0,1] (nothing is known).
    /// </summary>
    public static ProportionInterval Of(long successes, long trials, double z = Z95)
    {
        if (trials < 0 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} of {trials} is not a proportion.");
        }

        if (trials == 0)
        {
            return new ProportionInterval(0, 0, 0, 1);
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new ProportionInterval(successes, trials, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>
/// Cohen's kappa: agreement between two raters beyond what their own label frequencies would give by
/// chance. κ = (pₒ − pₑ) / (1 − pₑ), pₒ the share of items both labelled alike, pₑ = Σ (row share × column share).
/// </summary>
public static class CohensKappa
{
    /// <summary>
    /// Kappa of a square table: <paramref name="counts"/>[i, j] = items rater A put in category i and rater B in j.
    /// Null when it is undefined: no items, or both raters always used one and the same category (pₑ = 1).
    /// </summary>
    public static double? Of(long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var k = counts.GetLength(0);
        if (k != counts.GetLength(1))
        {
            throw new ArgumentException("Kappa needs a square table.", nameof(counts));
        }

        double n = 0, agreed = 0;
        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                n += counts[i, j];
                rows[i] += counts[i, j];
                columns[j] += counts[i, j];
            }

            agreed += counts[i, i];
        }

        if (n == 0)
        {
            return null;
        }

        var observed = agreed / n;
        var expected = 0.0;
        for (var i = 0; i < k; i++)
        {
            expected += rows[i] / n * (columns[i] / n);
        }

        return Math.Abs(1 - expected) < 1e-12 ? null : (observed - expected) / (1 - expected);
    }

    /// <summary>Kappa of two raters' approve/reject answers on the same items, from the four cell counts.</summary>
    public static double? OfTwoByTwo(long bothApprove, long firstApproveSecondReject, long firstRejectSecondApprove, long bothReject) =>
        Of(new long[,] { { bothApprove, firstApproveSecondReject }, { firstRejectSecondApprove, bothReject } });
}

/// <summary>
/// Which ranks to read for a percentile, so the database can return just those rows (ORDER BY ... OFFSET)
/// instead of every value.
/// </summary>
public static class Percentiles
{
    /// <summary>
    /// The 0-based index of the nearest-rank <paramref name="p"/>-percentile of <paramref name="count"/>
    /// sorted values: rank ⌈p·n⌉ (at least 1). Null for no values.
    /// </summary>
    public static int? NearestRankIndex(double p, long count)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "A percentile is between 0 and 1.");
        }

        return count == 0 ? null : (int)Math.Max(0, Math.Ceiling(p * count) - 1);
    }

    /// <summary>
    /// The 0-based indexes whose mean is the median of <paramref name="count"/> sorted values: the middle
    /// one twice for an odd count, the two middle ones for an even count. Null for no values.
    /// </summary>
    public static (int Lower, int Upper)? MedianIndexes(long count) =>
        count == 0 ? null
        : count % 2 == 1 ? ((int)(count / 2), (int)(count / 2))
        : ((int)(count / 2 - 1), (int)(count / 2));

    /// <summary>The median of already sorted values (tests and small in-memory sets).</summary>
    public static double? Median(IReadOnlyList<double> sorted) =>
        MedianIndexes(sorted.Count) is { } m ? (sorted[m.Lower] + sorted[m.Upper]) / 2 : null;
}
