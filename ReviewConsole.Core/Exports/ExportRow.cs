using System.Text.Json;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Exports;

/// <summary>One image as an export sees it: its label, where it came from, and what the AI said.</summary>
internal sealed record ExportRow(
    ImageSubmission Image,
    EffectiveDecision? Human,
    IReadOnlyList<ImageFeedback> Feedback,
    ImageStatus Decision,
    IReadOnlyList<string> Labels,
    DateTimeOffset DecidedAt,
    string AiDecision,
    bool Disagreement)
{
    public const string SafeLabel = ImageFeedback.SafeLabel;
    public const string UnlabelledLabel = "unlabelled";

    /// <summary>The folder the image goes in: its first label in ordinal order (an image is stored once).</summary>
    public string FolderLabel => FolderName(Labels[0]);

    public string Split => ExportSplits.Of(Image.Sha256);

    public string File => $"images/{FolderLabel}/{Image.Sha256}.{Image.Format.ToFileExtension()}";

    /// <summary>
    /// The row for <paramref name="image"/>: a person's effective decision labels it when there is one
    /// (approve with nothing ticked is <c>safe</c>); otherwise the automatic decision does (approved is
    /// <c>safe</c>, rejected takes the categories of the rules that rejected it).
    /// </summary>
    public static ExportRow Of(ImageSubmission image, IReadOnlyList<ReviewDecision> events, IReadOnlyList<ImageFeedback> feedback)
    {
        var human = EffectiveDecision.Of(events);
        var aiReasons = image.Reasons.Where(r => r.Rule != ImageSubmission.FeedbackRule).ToList();
        var aiDecision = aiReasons.Any(r => r.Rule == "reject_at_or_above" || r.Rule.StartsWith("list:", StringComparison.Ordinal)) ? "rejected"
            : aiReasons.Count > 0 ? "review"
            : "approved";
        ImageStatus decision;
        IReadOnlyList<string> labels;
        DateTimeOffset decidedAt;
        if (human is not null)
        {
            decision = human.Decision;
            labels = human.Labels.Count > 0 ? human.Labels : [decision == ImageStatus.Approved ? SafeLabel : UnlabelledLabel];
            decidedAt = human.DecidedAt;
        }
        else
        {
            decision = image.Status;
            var rejecting = aiReasons.Where(r => r.Rule != "review_band" && r.Rule != "scoring_failed").Select(r => r.Category).Distinct().Order(StringComparer.Ordinal).ToList();
            labels = decision == ImageStatus.Approved ? [SafeLabel] : rejecting.Count > 0 ? rejecting : [UnlabelledLabel];
            decidedAt = image.DecidedAt ?? image.ReceivedAt;
        }

        var disagreement = human is not null && aiDecision != "review" && aiDecision != decision.ToApiName();
        return new ExportRow(image, human, feedback, decision, labels, decidedAt, aiDecision, disagreement);
    }

    /// <summary>Whether <paramref name="filter"/>'s in-memory conditions hold (the database applied the rest loosely).</summary>
    public bool Matches(ExportFilter filter) =>
        (filter.FromUtc is not { } from || DecidedAt >= from)
        && (filter.ToUtcExclusive is not { } to || DecidedAt < to)
        && (!filter.HumanOnly || Human is not null)
        && (!filter.AuditOnly || Image.AuditSampled)
        && (!filter.DisagreementsOnly || Disagreement)
        && (filter.CategorySet.Count == 0 || Labels.Any(filter.CategorySet.Contains));

    /// <summary>One manifest line (without its newline).</summary>
    public void WriteManifestLine(Utf8JsonWriter json, Func<string, string> pseudonymOf)
    {
        json.WriteStartObject();
        json.WriteString("sha256", Image.Sha256);
        json.WriteString("file", File);
        json.WriteString("label", FolderLabel);
        json.WriteStartArray("labels");
        foreach (var label in Labels)
        {
            json.WriteStringValue(label);
        }

        json.WriteEndArray();
        json.WriteString("labelSource", Human is null ? "auto" : "human");
        json.WriteString("decision", Decision.ToApiName());
        json.WriteString("decidedAt", DecidedAt);
        json.WriteString("aiDecision", AiDecision);
        json.WriteBoolean("disagreement", Disagreement);
        json.WriteBoolean("auditSample", Image.AuditSampled);
        json.WriteStartObject("scores");
        foreach (var score in Image.Scores.OrderBy(s => s.Category, StringComparer.Ordinal))
        {
            json.WriteNumber(score.Category, Math.Round(score.Score, 6));
        }

        json.WriteEndObject();
        json.WriteStartObject("models");
        foreach (var (detector, modelVersion) in Image.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WriteString(detector, modelVersion);
        }

        json.WriteEndObject();
        json.WriteString("policy", Image.PolicyName);
        if (Image.PolicyVersion is { } version)
        {
            json.WriteNumber("policyVersion", version);
        }
        else
        {
            json.WriteNull("policyVersion");
        }

        if (Human is null)
        {
            json.WriteNull("moderator");
        }
        else
        {
            json.WriteString("moderator", pseudonymOf(Human.ActorId));
        }

        json.WriteStartArray("feedback");
        foreach (var item in Feedback)
        {
            json.WriteStartObject();
            json.WriteString("label", item.Label);
            json.WriteString("outcome", item.Outcome.ToApiName());
            json.WriteString("note", item.Note);
            json.WriteString("createdAt", item.CreatedAt);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("format", Image.Format.ToApiName());
        json.WriteNumber("width", Image.Width);
        json.WriteNumber("height", Image.Height);
        json.WriteString("split", Split);
        json.WriteEndObject();
    }

    /// <summary>Labels are category names people typed; a folder name keeps to [a-z0-9_-].</summary>
    private static string FolderName(string label)
    {
        var chars = label.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' ? c : '_').ToArray();
        return chars.Length == 0 ? UnlabelledLabel : new string(chars);
    }
}
