namespace ReviewConsole.Core.Notifications;

/// <summary>
/// Exponential backoff with jitter inside a bounded window: base, 2x base, 4x base ... up to
/// <see cref="MaxBackoff"/>, each stretched by up to a quarter at random so that deliveries that
/// failed together (a receiver's outage) do not all come back in the same second.
/// </summary>
/// <param name="BaseBackoff">Wait after the first failure.</param>
/// <param name="MaxBackoff">Longest wait between two attempts.</param>
/// <param name="MaxAge">How long after its schedule started a delivery is still tried.</param>
public readonly record struct WebhookRetrySchedule(TimeSpan BaseBackoff, TimeSpan MaxBackoff, TimeSpan MaxAge)
{
    /// <summary>The share of a wait that jitter may add.</summary>
    public const double JitterShare = 0.25;

    public static WebhookRetrySchedule From(WebhookOptions options) => new(options.BaseBackoff, options.MaxBackoff, options.MaxAge);

    /// <summary>The wait after the <paramref name="failures"/>-th consecutive failure; <paramref name="jitter"/> is in [0, 1).</summary>
    public TimeSpan DelayAfter(int failures, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failures);
        // Past 2^30 base waits every realistic cap is reached; the bound only keeps the shift defined.
        var exponential = BaseBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        var stretched = exponential * (1 + JitterShare * Math.Clamp(jitter, 0, 1));
        return TimeSpan.FromTicks((long)Math.Min(stretched, MaxBackoff.Ticks));
    }
}
