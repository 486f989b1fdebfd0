using System.Collections.Immutable;
using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("VISIT www.example.com NOW", TextRules.UrlRule, "www.example.com")]
    [InlineData("see https://example.com/deal?id=1.", TextRules.UrlRule, "https://example.com/deal?id=1")]
    [InlineData("shop at cheap-pills.shop today", TextRules.UrlRule, "cheap-pills.shop")]
    [InlineData("mail spam@example.org", TextRules.EmailRule, "spam@example.org")]
    [InlineData("call 555-123-4567", TextRules.PhoneRule, "555-123-4567")]
    [InlineData("ring +44 20 7946 0958 now", TextRules.PhoneRule, "+44 20 7946 0958")]
    [InlineData("call (555) 123-4567", TextRules.PhoneRule, "(555) 123-4567")]
    [InlineData("follow @someone", TextRules.HandleRule, "@someone")]
    public void FlagsTheSnippetGivenTextOfThatKind(string text, string rule, string snippet)
    {
        SpamEvaluation result = TextRules.Default.Evaluate([Line(text)]);

        TextRuleMatch match = Assert.Single(result.Matches);
        Assert.Equal(rule, match.Rule);
        Assert.Equal(snippet, match.Snippet);
        Assert.Equal(1f, result.Score);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("Second line here")]
    [InlineData("Third line 42")]
    [InlineData("meeting on 2024-01-15 at 12:30")]
    [InlineData("price 1,299.99")]
    [InlineData("SALE 50% off")]
    public void FlagsNothingGivenCleanText(string text)
    {
        SpamEvaluation result = TextRules.Default.Evaluate([Line(text)]);

        Assert.Empty(result.Matches);
        Assert.Equal(0f, result.Score);
    }

    [Fact]
    public void ReadsAnEmailAddressAsOneMatchGivenItAlsoHoldsADomainAndAnAt()
    {
        SpamEvaluation result = TextRules.Default.Evaluate([Line("write to john.doe@mail.example.com")]);

        TextRuleMatch match = Assert.Single(result.Matches);
        Assert.Equal(TextRules.EmailRule, match.Rule);
    }

    [Fact]
    public void FlagsBlockedWordsCaseInsensitivelyAsWholeWordsGivenList()
    {
        var rules = TextRules.Default with { BlockedWords = ["casino", "free money"] };

        SpamEvaluation result = rules.Evaluate([Line("Best CASINO in town"), Line("casinos and FREE   money"), Line("freemoney")]);

        Assert.Equal(
            [("CASINO", 0), ("FREE   money", 1)],
            result.Matches.Select(m => (m.Snippet, m.LineIndex)));
        Assert.All(result.Matches, m => Assert.Equal(TextRules.BlockedWordRule, m.Rule));
    }

    [Fact]
    public void UsesTheNewListGivenRulesCopiedWithOtherWords()
    {
        var first = TextRules.Default with { BlockedWords = ["alpha"] };
        first.Evaluate([Line("alpha")]);

        var second = first with { BlockedWords = ["beta"] };

        Assert.Empty(second.Evaluate([Line("alpha")]).Matches);
        Assert.Single(second.Evaluate([Line("beta")]).Matches);
    }

    [Fact]
    public void ComparesByValueGivenEqualSettingsAndOneRulesAlreadyUsed()
    {
        var used = TextRules.Default with { BlockedWords = ["casino"] };
        used.Evaluate([Line("casino")]);

        var fresh = TextRules.Default with { BlockedWords = ["casino"] };

        Assert.Equal(fresh, used);
        Assert.Equal(fresh.GetHashCode(), used.GetHashCode());
        Assert.NotEqual(fresh, fresh with { DetectHandles = false });
    }

    [Fact]
    public void TreatsListEntriesAsLiteralTextGivenPatternCharacters()
    {
        var rules = TextRules.Default with { BlockedWords = ["a.b", "(x"] };

        Assert.Empty(rules.Evaluate([Line("axb")]).Matches);
        Assert.Equal(2, rules.Evaluate([Line("a.b and (x")]).Matches.Count);
    }

    [Fact]
    public void IgnoresDisabledKindsGivenRulesTurnedOff()
    {
        var rules = TextRules.Default with
        {
            DetectUrls = false,
            DetectEmailAddresses = false,
            DetectPhoneNumbers = false,
            DetectHandles = false,
            DetectBlockedWords = false,
            BlockedWords = ["spam"],
        };

        SpamEvaluation result = rules.Evaluate([Line("www.example.com spam@example.org 555-123-4567 @someone spam")]);

        Assert.Empty(result.Matches);
    }

    [Fact]
    public void ScoresTheLineConfidenceGivenMatchReadBelowTheThreshold()
    {
        SpamEvaluation result = TextRules.Default.Evaluate([Line("www.example.com", 0.6f), Line("@someone", 0.7f)]);

        Assert.Equal(0.7f, result.Score, 5);
    }

    [Fact]
    public void ScoresOneGivenAnyMatchReadConfidently()
    {
        SpamEvaluation result = TextRules.Default.Evaluate([Line("www.example.com", 0.6f), Line("@someone", 0.85f)]);

        Assert.Equal(1f, result.Score);
    }

    [Fact]
    public void ReportsTheTimeoutInsteadOfThrowingGivenPatternThatRunsTooLong()
    {
        // Thousands of near-miss alternatives over a long line keep the pattern busy far past 1 ms. On a line this
        // long the fixed patterns may give up after their 100 ms as well, depending on the machine's load.
        ImmutableArray<string> words = [.. Enumerable.Range(1, 2000).Select(i => new string('a', (i % 40) + 1) + "b" + i)];
        var rules = TextRules.Default with { BlockedWords = words, BlockedWordTimeout = TimeSpan.FromMilliseconds(1) };
        string line = new('a', 200_000);

        SpamEvaluation result = rules.Evaluate([Line(line), Line("www.example.com")]);

        Assert.Contains(TextRules.BlockedWordRule, result.TimedOutRules);
        TextRuleMatch match = Assert.Single(result.Matches);
        Assert.Equal((TextRules.UrlRule, 1), (match.Rule, match.LineIndex));
    }

    private static RecognizedLine Line(string text, float confidence = 0.95f) =>
        new(text, confidence, TextQuad.FromRectangle(0, 0, 10, 10));
}
