using System.Text.Json;

namespace ReviewConsole.Core.Audit;

/// <summary>
/// One administrative change (a policy revision, a list or key change, a new user...): written in the
/// same unit of work as the change, and never updated or deleted. There is no method that changes
/// one, and <see cref="Persistence.ReviewDbContext"/> refuses to save a modified or deleted one.
/// Review decisions are not copied here: they are append-only events of their own, merged in by
/// <see cref="AuditLog"/>.
/// </summary>
public sealed class AuditEvent
{
    public const int ActorIdMaxLength = 450;
    public const int ActorNameMaxLength = 256;
    public const int TypeMaxLength = 64;
    public const int SubjectMaxLength = 200;
    public const int SummaryMaxLength = 1000;
    public const int DataMaxLength = 8000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AuditEvent()
    {
        ActorId = string.Empty;
        ActorName = string.Empty;
        Type = string.Empty;
        Subject = string.Empty;
        Summary = string.Empty;
        DataJson = "{}";
    }

    /// <summary>Increasing in commit order.</summary>
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The user id (or <c>system</c>, <c>cli</c>, a source id) of who made the change.</summary>
    public string ActorId { get; private set; }

    /// <summary>How the actor read at the time (an e-mail, a source name), kept even if the user is renamed.</summary>
    public string ActorName { get; private set; }

    /// <summary>What happened, e.g. <c>policy.revised</c> (see <see cref="AuditEventTypes"/>).</summary>
    public string Type { get; private set; }

    /// <summary>What it happened to, e.g. <c>policy:default</c>.</summary>
    public string Subject { get; private set; }

    /// <summary>One line a person reads.</summary>
    public string Summary { get; private set; }

    /// <summary>The details, as a JSON object (never a secret).</summary>
    public string DataJson { get; private set; }

    /// <summary>A new event; add it to the context that saves the change it describes.</summary>
    public static AuditEvent Create(AuditActor actor, string type, string subject, string summary, object? data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        var json = JsonSerializer.Serialize(data ?? new { }, Json);
        return new AuditEvent
        {
            At = now,
            ActorId = Clip(actor.Id, ActorIdMaxLength),
            ActorName = Clip(actor.Name, ActorNameMaxLength),
            Type = Clip(type, TypeMaxLength),
            Subject = Clip(subject, SubjectMaxLength),
            Summary = Clip(summary, SummaryMaxLength),
            DataJson = json.Length > DataMaxLength ? JsonSerializer.Serialize(new { truncated = true }, Json) : json,
        };
    }

    private static string Clip(string value, int max) => value.Length > max ? value[..max] : value;
}

/// <summary>Thrown when something tries to save a change to, or the removal of, an audit event.</summary>
public sealed class AuditEventImmutableException(string message) : InvalidOperationException(message);
