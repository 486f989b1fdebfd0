using System.Globalization;
using System.Numerics;

namespace ReviewConsole.Core.Scoring.Pdq;

/// <summary>
/// A 256-bit PDQ hash. Its text form is the reference implementation's 64 lower-case hex digits;
/// read as one big-endian 256-bit number, <see cref="W0"/> holds the most significant 64 bits
/// (hex digits 0-15) and <see cref="W3"/> the least significant (hex digits 48-63).
/// </summary>
public readonly record struct PdqHash(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>Length of the hex form.</summary>
    public const int HexLength = 64;

    /// <summary>Number of differing bits between two hashes (0-256).</summary>
    public int DistanceTo(PdqHash other) =>
        BitOperations.PopCount(W0 ^ other.W0) + BitOperations.PopCount(W1 ^ other.W1)
        + BitOperations.PopCount(W2 ^ other.W2) + BitOperations.PopCount(W3 ^ other.W3);

    /// <summary>The 64-digit lower-case hex form, as the reference prints it.</summary>
    public override string ToString() => $"{W0:x16}{W1:x16}{W2:x16}{W3:x16}";

    /// <summary>Parses the 64-digit hex form; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out PdqHash hash)
    {
        hash = default;
        hex = hex.Trim();
        if (hex.Length != HexLength)
        {
            return false;
        }

        if (!ulong.TryParse(hex[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var w0)
            || !ulong.TryParse(hex[16..32], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var w1)
            || !ulong.TryParse(hex[32..48], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var w2)
            || !ulong.TryParse(hex[48..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var w3))
        {
            return false;
        }

        hash = new PdqHash(w0, w1, w2, w3);
        return true;
    }

    /// <summary>Parses the 64-digit hex form or throws <see cref="FormatException"/>.</summary>
    public static PdqHash Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException("A PDQ hash is 64 hexadecimal digits.");
}
