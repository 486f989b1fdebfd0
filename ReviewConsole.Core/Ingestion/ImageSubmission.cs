using System.Security.Cryptography;
using System.Text.Json;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Ingestion;

/// <summary>
/// One image submitted by a source. The bytes are stored once per SHA-256 however often they are
/// submitted; each submission is its own row, with its own external id, callback and decision.
/// </summary>
public sealed class ImageSubmission
{
    public const int Sha256Length = 64;
    public const int PolicyNameMaxLength = 100;

    public const int ErrorMaxLength = 1000;

    /// <summary>The rule name of a reason that is an integrating app's feedback, not the AI's.</summary>
    public const string FeedbackRule = "feedback";

    /// <summary>Feedback reasons kept on one image; later ones are stored (ImageFeedback) but not repeated here.</summary>
    public const int MaxFeedbackReasons = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<ImageScore> _scores = [];

    private ImageSubmission()
    {
        Sha256 = string.Empty;
        ReasonsJson = "[]";
        ModelsJson = "{}";
    }

    public Guid Id { get; private set; }

    public Guid SourceId { get; private set; }

    public string? ExternalId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the original bytes; also the blob's name in the store.</summary>
    public string Sha256 { get; private set; }

    public ImageFormat Format { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int FrameCount { get; private set; }

    public long ByteLength { get; private set; }

    /// <summary>The policy the source asked for; null means its default.</summary>
    public string? RequestedPolicy { get; private set; }

    public string? CallbackUrl { get; private set; }

    /// <summary>The caller's metadata, a JSON object kept verbatim.</summary>
    public string? MetadataJson { get; private set; }

    public ImageStatus Status { get; private set; }

    public DecidedBy? DecidedBy { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>The per-category scores, one row each, so reports can aggregate them in the database.</summary>
    public IReadOnlyCollection<ImageScore> Scores => _scores;

    /// <summary>PDQ hash (hex) of the first frame, once scored.</summary>
    public string? Pdq { get; private set; }

    public int? PdqQuality { get; private set; }

    /// <summary>The policy the decision was made under (resolved from request, source default or the console default).</summary>
    public string? PolicyName { get; private set; }

    public int? PolicyVersion { get; private set; }

    /// <summary>The reasons behind the current status, as JSON.</summary>
    public string ReasonsJson { get; private set; }

    /// <summary>Detector name to model version, as JSON.</summary>
    public string ModelsJson { get; private set; }

    /// <summary>Whether this auto-decided image was sampled for the audit queue.</summary>
    public bool AuditSampled { get; private set; }

    public int ScoringAttempts { get; private set; }

    public string? ScoringError { get; private set; }

    public DateTimeOffset? ScoredAt { get; private set; }

    public IReadOnlyList<DecisionReason> Reasons => JsonSerializer.Deserialize<List<DecisionReason>>(ReasonsJson, Json) ?? [];

    public IReadOnlyDictionary<string, string> Models => JsonSerializer.Deserialize<Dictionary<string, string>>(ModelsJson, Json) ?? [];

    /// <summary>True once the status is approved or rejected.</summary>
    public bool IsFinal => Status is ImageStatus.Approved or ImageStatus.Rejected;

    /// <summary>Records an accepted upload; it waits for scoring as <see cref="ImageStatus.Pending"/>.</summary>
    public static ImageSubmission Receive(Guid sourceId, string sha256, ImageHeader header, long byteLength, SubmissionFields fields, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        if (sha256.Length != Sha256Length)
        {
            throw new ArgumentException("A SHA-256 is 64 hex digits.", nameof(sha256));
        }

        return new ImageSubmission
        {
            Id = Guid.CreateVersion7(now),
            SourceId = sourceId,
            ExternalId = fields.ExternalId,
            Sha256 = sha256,
            Format = header.Format,
            Width = header.Width,
            Height = header.Height,
            FrameCount = header.FrameCount,
            ByteLength = byteLength,
            RequestedPolicy = fields.Policy,
            CallbackUrl = fields.CallbackUrl?.AbsoluteUri,
            MetadataJson = fields.MetadataJson,
            Status = ImageStatus.Pending,
            ReceivedAt = now,
        };
    }

    /// <summary>
    /// Records the pipeline's scores and the policy's automatic decision: approved or rejected
    /// (decided by <see cref="DecidedBy.Auto"/>), or in review for a person.
    /// </summary>
    public void RecordScoring(ScoringRecord scoring, PolicyDecision decision, DateTimeOffset now)
    {
        if (Status != ImageStatus.Pending)
        {
            throw new InvalidOperationException($"Image {Id} is {Status}, not pending; it is scored once.");
        }

        _scores.Clear();
        _scores.AddRange(scoring.Scores.Select(kv => new ImageScore(kv.Key, Math.Clamp(kv.Value, 0, 1), decision.BandOf(kv.Key))));
        Pdq = scoring.Pdq;
        PdqQuality = scoring.PdqQuality;
        PolicyName = scoring.PolicyName;
        PolicyVersion = scoring.PolicyVersion;
        ModelsJson = JsonSerializer.Serialize(scoring.Models, Json);
        ReasonsJson = JsonSerializer.Serialize(decision.Reasons, Json);
        AuditSampled = decision.AuditSampled;
        ScoringAttempts++;
        ScoringError = null;
        ScoredAt = now;
        switch (decision.Outcome)
        {
            case Outcome.Approve:
                Decide(ImageStatus.Approved, now);
                break;
            case Outcome.Reject:
                Decide(ImageStatus.Rejected, now);
                break;
            default:
                Status = ImageStatus.InReview;
                break;
        }
    }

    /// <summary>
    /// Records a failed scoring attempt. After <paramref name="maxAttempts"/> the image goes to people
    /// rather than waiting for ever: an image the AI cannot score is never approved unseen.
    /// </summary>
    public void RecordScoringFailure(string error, int maxAttempts, DateTimeOffset now)
    {
        if (Status != ImageStatus.Pending)
        {
            return;
        }

        ScoringAttempts++;
        ScoringError = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        if (ScoringAttempts >= maxAttempts)
        {
            ReasonsJson = JsonSerializer.Serialize(new[] { new DecisionReason("pipeline", 0, "scoring_failed", ScoringError) }, Json);
            ScoredAt = now;
            Status = ImageStatus.InReview;
        }
    }

    /// <summary>
    /// Records a person's decision on a scored image: approved or rejected by <see cref="DecidedBy.Human"/>,
    /// or back in review with no decision (an undo). The review events behind it are kept in Review/.
    /// </summary>
    public void DecideByHuman(ImageStatus status, DateTimeOffset now)
    {
        if (Status == ImageStatus.Pending || status == ImageStatus.Pending)
        {
            throw new InvalidOperationException($"Image {Id} is {Status}; people decide scored images, to approved, rejected or back to in review.");
        }

        Status = status;
        (DecidedBy, DecidedAt) = IsFinal ? (Ingestion.DecidedBy.Human, now) : ((DecidedBy?)null, (DateTimeOffset?)null);
    }

    /// <summary>
    /// Shows an integrating app's feedback to the person who reviews the image, as a reason with rule
    /// <see cref="FeedbackRule"/>; the status is untouched. Returns false when the image already
    /// carries <see cref="MaxFeedbackReasons"/> of them.
    /// </summary>
    public bool RecordFeedback(string label, double score, string? note)
    {
        var reasons = Reasons.ToList();
        if (reasons.Count(r => r.Rule == FeedbackRule) >= MaxFeedbackReasons)
        {
            return false;
        }

        reasons.Add(new DecisionReason(label, Math.Clamp(score, 0, 1), FeedbackRule, string.IsNullOrWhiteSpace(note) ? "reported by the source" : note.Trim()));
        ReasonsJson = JsonSerializer.Serialize(reasons, Json);
        return true;
    }

    private void Decide(ImageStatus status, DateTimeOffset now)
    {
        Status = status;
        DecidedBy = Ingestion.DecidedBy.Auto;
        DecidedAt = now;
    }

    /// <summary>Hex SHA-256 as stored in <see cref="Sha256"/>.</summary>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>One category's score for one image, and the band the policy version put it in.</summary>
public sealed class ImageScore(string category, double score, Outcome? band = null)
{
    public string Category { get; private set; } = category;

    public double Score { get; private set; } = score;

    /// <summary>
    /// The category's band (approve, review or reject) under the policy version the image was scored
    /// with; null where that version had no rule for it. A snapshot, so reports compare the AI with
    /// people per category without re-reading old policy versions.
    /// </summary>
    public Outcome? Band { get; private set; } = band;
}

/// <summary>What the pipeline measured, ready to be recorded on the image.</summary>
public sealed record ScoringRecord(
    IReadOnlyDictionary<string, double> Scores,
    string? Pdq,
    int? PdqQuality,
    string PolicyName,
    int PolicyVersion,
    IReadOnlyDictionary<string, string> Models);

/// <summary>The optional form fields of an upload, already validated.</summary>
public sealed record SubmissionFields(string? ExternalId, string? Policy, Uri? CallbackUrl, string? MetadataJson);
