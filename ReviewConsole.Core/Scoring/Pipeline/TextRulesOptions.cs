using ReviewConsole.Core.Scoring.Text;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>
/// The admin's text rules behind <c>spam_text</c>, bound to the <c>TextRules</c> section so they are
/// edited in configuration (appsettings, environment) and apply on the next image after a reload.
/// </summary>
public sealed class TextRulesOptions
{
    public const string SectionName = "TextRules";

    public bool DetectUrls { get; set; } = true;

    public bool DetectEmailAddresses { get; set; } = true;

    public bool DetectPhoneNumbers { get; set; } = true;

    public bool DetectHandles { get; set; } = true;

    public bool DetectBlockedWords { get; set; } = true;

    /// <summary>Words or phrases flagged case-insensitively as whole words. Defaults to none.</summary>
    public List<string> BlockedWords { get; set; } = [];

    public TextRules ToRules() => new()
    {
        DetectUrls = DetectUrls,
        DetectEmailAddresses = DetectEmailAddresses,
        DetectPhoneNumbers = DetectPhoneNumbers,
        DetectHandles = DetectHandles,
        DetectBlockedWords = DetectBlockedWords,
        BlockedWords = [.. BlockedWords.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim())],
    };
}
