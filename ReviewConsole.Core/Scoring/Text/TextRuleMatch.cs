namespace ReviewConsole.Core.Scoring.Text;

/// <summary>One piece of text that a rule matched.</summary>
/// <param name="Rule">The rule's name, e.g. <see cref="TextRules.UrlRule"/>.</param>
/// <param name="Snippet">The matched text, trailing punctuation removed.</param>
/// <param name="LineIndex">Index of the line in the evaluated list.</param>
/// <param name="LineConfidence">The recogniser's confidence in that line.</param>
public sealed record TextRuleMatch(string Rule, string Snippet, int LineIndex, float LineConfidence);
