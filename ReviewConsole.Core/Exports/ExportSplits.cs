using System.Globalization;

namespace ReviewConsole.Core.Exports;

/// <summary>
/// The train/val/test split, a pure function of the image's SHA-256: the same bytes land in the same
/// split in every export, whatever the filters, the order of rows or the other images. SHA-256 is
/// uniform, so its first 64 bits read as a fraction give 80/10/10. Near duplicates (a resized copy has
/// another hash) are not kept together; the shares are fixed, because changing them would move images
/// between splits of earlier exports.
/// </summary>
public static class ExportSplits
{
    public const string Train = "train";
    public const string Validation = "val";
    public const string Test = "test";

    public static IReadOnlyList<string> All { get; } = [Train, Validation, Test];

    public static string Of(string sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var prefix = ulong.Parse(sha256.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var fraction = prefix / 18446744073709551616.0;
        return fraction < 0.8 ? Train : fraction < 0.9 ? Validation : Test;
    }
}
