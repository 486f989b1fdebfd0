using System.Globalization;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists;

/// <summary>
/// The hash-list text format ThreatExchange and Meta's HMA exchange: one PDQ hash per line as 64
/// lower-case hex digits, optionally followed by <c>,quality</c> (0-100). Blank lines and lines
/// starting with <c>#</c> are comments.
/// </summary>
public static class PdqListFormat
{
    /// <summary>Reads one line: a hash (with its quality, if given), nothing (blank or comment), or why it is invalid.</summary>
    public static PdqLine Parse(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IsEmpty || line[0] == '#')
        {
            return PdqLine.Nothing;
        }

        var comma = line.IndexOf(',');
        var hex = (comma < 0 ? line : line[..comma]).Trim();
        if (!PdqHash.TryParse(hex, out var hash))
        {
            return PdqLine.Invalid($"expected a PDQ hash of {PdqHash.HexLength} hex digits, got '{Shorten(hex)}'");
        }

        if (comma < 0)
        {
            return new PdqLine(hash, null, null);
        }

        var rest = line[(comma + 1)..].Trim();
        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var quality) || quality > 100)
        {
            return PdqLine.Invalid($"expected a quality of 0 to 100 after the comma, got '{Shorten(rest)}'");
        }

        return new PdqLine(hash, quality, null);
    }

    /// <summary>One entry's line: the hash, with <c>,quality</c> when the quality is known.</summary>
    public static string Format(string pdq, int? quality) =>
        quality is { } q ? string.Create(CultureInfo.InvariantCulture, $"{pdq},{q}") : pdq;

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 80 ? text.ToString() : $"{text[..80]}…";
}

/// <summary>A parsed line: <see cref="Hash"/> set for an entry, <see cref="Error"/> set for an invalid line, neither for a blank or comment.</summary>
public readonly record struct PdqLine(PdqHash? Hash, int? Quality, string? Error)
{
    public static PdqLine Nothing => default;

    public static PdqLine Invalid(string error) => new(null, null, error);
}
