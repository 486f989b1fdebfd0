using System.Globalization;

namespace ReviewConsole.Core.Policies;

/// <summary>What differs between two policy settings, field by field (the audit summary and the version comparison).</summary>
public static class PolicyComparison
{
    /// <summary>The differences from <paramref name="before"/> to <paramref name="after"/>, categories in the order they first appear.</summary>
    public static IReadOnlyList<PolicyDifference> Differences(PolicySettings before, PolicySettings after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var differences = new List<PolicyDifference>();
        var categories = before.Rules.Select(r => r.Category).Concat(after.Rules.Select(r => r.Category)).Distinct(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            var a = before.Rules.FirstOrDefault(r => r.Category == category);
            var b = after.Rules.FirstOrDefault(r => r.Category == category);
            Add(differences, $"{category}.ignored", a is null ? null : Flag(a.Ignored), b is null ? null : Flag(b.Ignored));
            Add(differences, $"{category}.approveBelow", Threshold(a, a?.ApproveBelow), Threshold(b, b?.ApproveBelow));
            Add(differences, $"{category}.rejectAtOrAbove", Threshold(a, a?.RejectAtOrAbove), Threshold(b, b?.RejectAtOrAbove));
        }

        Add(differences, "auditSampleRate", Number(before.AuditSampleRate), Number(after.AuditSampleRate));
        Add(differences, "textDetection", Flag(before.TextDetection), Flag(after.TextDetection));
        return differences;
    }

    private static void Add(List<PolicyDifference> differences, string field, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            differences.Add(new PolicyDifference(field, before, after));
        }
    }

    private static string? Threshold(CategoryRule? rule, double? value) => rule is null ? null : value is { } v ? Number(v) : "none";

    private static string Flag(bool value) => value ? "yes" : "no";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>One field that differs; a null side means the category is absent there.</summary>
public sealed record PolicyDifference(string Field, string? Before, string? After)
{
    /// <summary>E.g. <c>nudity.approveBelow 0.2 → 0.1</c>.</summary>
    public string Describe() => $"{Field} {Before ?? "absent"} → {After ?? "absent"}";
}
