namespace ReviewConsole.Core.Exports;

/// <summary>Which images an export takes. Every filter narrows; the default takes every decided image.</summary>
/// <param name="From">First day (UTC, inclusive) of the labelling decision; null for no lower bound.</param>
/// <param name="To">Last day (UTC, inclusive) of the labelling decision; null for no upper bound.</param>
/// <param name="Categories">Only images with one of these labels (categories or <c>safe</c>); empty for all.</param>
/// <param name="HumanOnly">Only images a person labelled (review, audit or overturn).</param>
/// <param name="DisagreementsOnly">Only images where the person's decision differs from the AI's automatic one.</param>
/// <param name="AuditOnly">Only auto-decided images sampled for audit.</param>
public sealed record ExportFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    IReadOnlyList<string>? Categories = null,
    bool HumanOnly = false,
    bool DisagreementsOnly = false,
    bool AuditOnly = false)
{
    /// <summary>The categories, trimmed, lower-case and distinct.</summary>
    public IReadOnlyList<string> CategorySet { get; } = [.. (Categories ?? []).Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Why the filter cannot be used, or null when it can.</summary>
    public string? Problem() =>
        From is { } from && To is { } to && to < from ? "The date range ends before it starts." : null;

    internal DateTimeOffset? FromUtc => From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) is { } f ? new DateTimeOffset(f) : null;

    /// <summary>Exclusive: the start of the day after <see cref="To"/>.</summary>
    internal DateTimeOffset? ToUtcExclusive => To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) is { } t ? new DateTimeOffset(t) : null;
}

/// <summary>How far an export has got: images written so far of the total counted before writing began.</summary>
public readonly record struct ExportProgress(int Written, int Total);

/// <summary>What an export wrote.</summary>
/// <param name="Images">Images (manifest lines) written.</param>
/// <param name="MissingBlobs">Matching images whose original was no longer in the store, left out.</param>
/// <param name="Labels">Images per folder label.</param>
/// <param name="Splits">Images per split.</param>
public sealed record ExportSummary(int Images, int MissingBlobs, IReadOnlyDictionary<string, int> Labels, IReadOnlyDictionary<string, int> Splits);

/// <summary>The labels an export uses besides category names.</summary>
public static class ExportRowLabels
{
    /// <summary>Approved with nothing ticked, or approved automatically.</summary>
    public const string Safe = ExportRow.SafeLabel;

    /// <summary>Rejected with nothing ticked (or automatically with no rejecting category).</summary>
    public const string Unlabelled = ExportRow.UnlabelledLabel;
}
