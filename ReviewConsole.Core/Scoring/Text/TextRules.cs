using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// The admin's rules for <c>spam_text</c>: which kinds of contact details and which words in an image's text
/// make it spam. Immutable; change it with <c>with</c>.
/// </summary>
/// <remarks>
/// Score: 0 without a match; 1 when a matching line was read with at least <see cref="ConfidentLineThreshold"/>;
/// otherwise the highest confidence among matching lines. A confident read of a URL is as spammy as it gets, while
/// a doubtful read should land in review rather than be rejected, which the policy thresholds then decide.
/// </remarks>
public sealed partial record TextRules
{
    /// <summary>Rule name of web addresses.</summary>
    public const string UrlRule = "url";

    /// <summary>Rule name of e-mail addresses.</summary>
    public const string EmailRule = "email";

    /// <summary>Rule name of phone numbers.</summary>
    public const string PhoneRule = "phone";

    /// <summary>Rule name of social media handles such as <c>@someone</c>.</summary>
    public const string HandleRule = "handle";

    /// <summary>Rule name of the blocked word list.</summary>
    public const string BlockedWordRule = "blocked_word";

    // Text comes from untrusted images: every pattern gives up after this long instead of stalling the pipeline.
    private const int FixedPatternTimeoutMilliseconds = 100;

    private const RegexOptions PatternOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':', '!', '?', ')', ']', '\'', '"'];

    private readonly ImmutableArray<string> _blockedWords = [];
    private Regex? _blockedWordPattern;

    /// <summary>The rules with every kind enabled and no blocked words.</summary>
    public static TextRules Default { get; } = new();

    /// <summary>Flag web addresses (<c>http://...</c>, <c>www....</c>, bare domains with common TLDs). Defaults to true.</summary>
    public bool DetectUrls { get; init; } = true;

    /// <summary>Flag e-mail addresses. Defaults to true.</summary>
    public bool DetectEmailAddresses { get; init; } = true;

    /// <summary>Flag phone numbers (grouped digits such as <c>555-123-4567</c> or <c>+44 20 7946 0958</c>). Defaults to true.</summary>
    public bool DetectPhoneNumbers { get; init; } = true;

    /// <summary>Flag handles (<c>@name</c>, not the <c>@</c> of an e-mail address). Defaults to true.</summary>
    public bool DetectHandles { get; init; } = true;

    /// <summary>Flag the words of <see cref="BlockedWords"/>. Defaults to true.</summary>
    public bool DetectBlockedWords { get; init; } = true;

    /// <summary>
    /// Words or phrases matched case-insensitively as whole words (not inside longer words). Defaults to empty.
    /// </summary>
    public ImmutableArray<string> BlockedWords
    {
        get => _blockedWords;
        init
        {
            _blockedWords = value.IsDefault ? [] : value;
            // `with` copies the cached pattern along with the fields; a new list needs a new pattern.
            _blockedWordPattern = null;
        }
    }

    /// <summary>A matching line read at least this confidently scores 1. Defaults to 0.8.</summary>
    public float ConfidentLineThreshold { get; init; } = 0.8f;

    /// <summary>
    /// How long the blocked-word pattern, which is built from the list at run time, may take per line.
    /// Defaults to 100 ms, the timeout of the fixed patterns.
    /// </summary>
    public TimeSpan BlockedWordTimeout { get; init; } = TimeSpan.FromMilliseconds(FixedPatternTimeoutMilliseconds);

    /// <summary>Whether both hold the same settings and the same blocked words in the same order.</summary>
    public bool Equals(TextRules? other) =>
        other is not null
        && DetectUrls == other.DetectUrls
        && DetectEmailAddresses == other.DetectEmailAddresses
        && DetectPhoneNumbers == other.DetectPhoneNumbers
        && DetectHandles == other.DetectHandles
        && DetectBlockedWords == other.DetectBlockedWords
        && ConfidentLineThreshold.Equals(other.ConfidentLineThreshold)
        && BlockedWordTimeout == other.BlockedWordTimeout
        && _blockedWords.SequenceEqual(other._blockedWords, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(DetectUrls);
        hash.Add(DetectEmailAddresses);
        hash.Add(DetectPhoneNumbers);
        hash.Add(DetectHandles);
        hash.Add(DetectBlockedWords);
        hash.Add(ConfidentLineThreshold);
        hash.Add(BlockedWordTimeout);
        foreach (string word in _blockedWords)
        {
            hash.Add(word, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Applies the enabled rules to <paramref name="lines"/>. Never throws on a pattern timeout.</summary>
    public SpamEvaluation Evaluate(IReadOnlyList<RecognizedLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var matches = new List<TextRuleMatch>();
        var timedOut = new SortedSet<string>(StringComparer.Ordinal);
        Regex? blocked = DetectBlockedWords ? BlockedWordPattern() : null;
        for (int i = 0; i < lines.Count; i++)
        {
            RecognizedLine line = lines[i];
            if (DetectUrls)
            {
                Collect(UrlPattern(), UrlRule, line, i, matches, timedOut);
            }

            if (DetectEmailAddresses)
            {
                Collect(EmailPattern(), EmailRule, line, i, matches, timedOut);
            }

            if (DetectPhoneNumbers)
            {
                Collect(PhonePattern(), PhoneRule, line, i, matches, timedOut);
            }

            if (DetectHandles)
            {
                Collect(HandlePattern(), HandleRule, line, i, matches, timedOut);
            }

            if (blocked is not null)
            {
                Collect(blocked, BlockedWordRule, line, i, matches, timedOut);
            }
        }

        float score = 0f;
        foreach (TextRuleMatch match in matches)
        {
            score = Math.Max(score, match.LineConfidence >= ConfidentLineThreshold ? 1f : Math.Clamp(match.LineConfidence, 0f, 1f));
        }

        return new SpamEvaluation(score, matches, [.. timedOut]);
    }

    private static void Collect(Regex pattern, string rule, RecognizedLine line, int lineIndex, List<TextRuleMatch> matches, SortedSet<string> timedOut)
    {
        var found = new List<TextRuleMatch>();
        try
        {
            foreach (ValueMatch match in pattern.EnumerateMatches(line.Text))
            {
                string snippet = line.Text.Substring(match.Index, match.Length).TrimEnd(TrailingPunctuation);
                if (snippet.Length > 0)
                {
                    found.Add(new TextRuleMatch(rule, snippet, lineIndex, line.Confidence));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A line built to stall the pattern is reported, not trusted halfway: its partial matches are dropped.
            timedOut.Add(rule);
            return;
        }

        matches.AddRange(found);
    }

    private Regex? BlockedWordPattern()
    {
        if (_blockedWordPattern is not null)
        {
            return _blockedWordPattern;
        }

        string[] words = _blockedWords
            .Select(w => w.Trim())
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(w => w.Length)
            .ToArray();
        if (words.Length == 0)
        {
            return null;
        }

        // Escaped literals only, so the list cannot inject pattern syntax; the lookarounds make "whole word" work
        // for entries that start or end with punctuation too, where \b would not.
        string alternatives = string.Join('|', words.Select(w => Regex.Escape(w).Replace("\\ ", "\\s+", StringComparison.Ordinal)));
        var pattern = new Regex($@"(?<![\p{{L}}\p{{N}}_])(?:{alternatives})(?![\p{{L}}\p{{N}}_])", PatternOptions | RegexOptions.Compiled, BlockedWordTimeout);
        _blockedWordPattern = pattern;
        return pattern;
    }

    [GeneratedRegex(
        @"(?<![\w@.-])(?:(?:https?://|www\.)[^\s<>""'()]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|info|biz|io|co|me|ly|xyz|top|online|site|shop|club|app|link|live|click|store|ru|cn|de|uk|us|tk)(?![\w@-])(?:/[^\s<>""'()]*)?)",
        PatternOptions,
        FixedPatternTimeoutMilliseconds)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(
        @"(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])",
        PatternOptions,
        FixedPatternTimeoutMilliseconds)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(
        @"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}(?!\w)|(?<![\w+])\+\d{9,14}(?!\w)",
        PatternOptions,
        FixedPatternTimeoutMilliseconds)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(
        @"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?(?![\w@])",
        PatternOptions,
        FixedPatternTimeoutMilliseconds)]
    private static partial Regex HandlePattern();
}
