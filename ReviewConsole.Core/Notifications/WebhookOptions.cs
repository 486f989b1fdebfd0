using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Notifications;

/// <summary>How webhooks are sent and retried. Bound to the <c>Webhooks</c> section and validated at start.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>Whether this host sends webhooks. Defaults to true; turn off on hosts that should only serve.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for due deliveries. Defaults to 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deliveries claimed, and sent in parallel, per round. Defaults to 10.</summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;

    /// <summary>How long a receiver may take to answer. Defaults to 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a delivery is retried before it is given up. Defaults to 24 hours (the product contract).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Wait after the first failure; doubled after each further one. Defaults to 10 seconds.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between attempts. Defaults to 1 hour.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a claim protects a delivery from other dispatchers: the request timeout plus a minute
    /// of slack for recording the attempt. A dispatcher that dies mid-send is covered once it ends.
    /// </summary>
    public TimeSpan LeaseDuration => RequestTimeout + TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        static ValidationResult Error(string message, string member) => new($"{SectionName}:{member} {message}", [member]);

        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return Error("must be more than 0 and at most 00:10:00.", nameof(PollInterval));
        }

        if (RequestTimeout < TimeSpan.FromMilliseconds(100) || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            yield return Error("must be between 00:00:00.1 and 00:05:00.", nameof(RequestTimeout));
        }

        if (BaseBackoff <= TimeSpan.Zero)
        {
            yield return Error("must be more than 0.", nameof(BaseBackoff));
        }

        if (MaxBackoff < BaseBackoff)
        {
            yield return Error($"must be at least {nameof(BaseBackoff)}.", nameof(MaxBackoff));
        }

        if (MaxAge < MaxBackoff)
        {
            yield return Error($"must be at least {nameof(MaxBackoff)}.", nameof(MaxAge));
        }
    }
}
