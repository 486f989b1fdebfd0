using System.Text.Json;

namespace ReviewConsole.Core.Policies;

/// <summary>
/// One immutable version of a policy: what was decided under it can always be explained, and a
/// change is a new row with its author, never an edit.
/// </summary>
public sealed class PolicyVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private PolicyVersion()
    {
        PolicyName = string.Empty;
        RulesJson = "[]";
        CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string PolicyName { get; private set; }

    public int Version { get; private set; }

    /// <summary>The category rules, as JSON (they are read whole, never queried one by one).</summary>
    public string RulesJson { get; private set; }

    /// <summary>Share (0..1) of auto-decided images also sent to the audit queue.</summary>
    public double AuditSampleRate { get; private set; }

    /// <summary>Whether images under this version run text detection, the costliest stage.</summary>
    public bool TextDetection { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? Note { get; private set; }

    public IReadOnlyList<CategoryRule> Rules => JsonSerializer.Deserialize<List<CategoryRule>>(RulesJson, Json) ?? [];

    internal static PolicyVersion Create(string policyName, int version, PolicySettings settings, string createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PolicyName = policyName,
        Version = version,
        RulesJson = JsonSerializer.Serialize(settings.Rules, Json),
        AuditSampleRate = settings.AuditSampleRate,
        TextDetection = settings.TextDetection,
        CreatedBy = createdBy,
        CreatedAt = now,
        Note = settings.Note,
    };

    public PolicySettings ToSettings() => new(Rules, AuditSampleRate, TextDetection, Note);
}

/// <summary>What an admin sets for a policy; validated before a version is written.</summary>
public sealed record PolicySettings(IReadOnlyList<CategoryRule> Rules, double AuditSampleRate, bool TextDetection, string? Note = null)
{
    public IReadOnlyList<string> Problems()
    {
        var problems = Rules.Select(r => r.Problem()).OfType<string>().ToList();
        if (Rules.GroupBy(r => r.Category, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            problems.Add("Each category appears at most once.");
        }

        if (AuditSampleRate is < 0 or > 1 || double.IsNaN(AuditSampleRate))
        {
            problems.Add("The audit sample rate is between 0 and 1.");
        }

        return problems;
    }
}
