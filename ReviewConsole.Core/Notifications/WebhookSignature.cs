using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReviewConsole.Core.Notifications;

/// <summary>
/// Signs webhook bodies, and checks them the way a receiving app should (see README, "Webhooks"):
/// <c>X-ReviewConsole-Signature: sha256=</c> lower-case hex HMAC-SHA256, keyed with the UTF-8 bytes of
/// the source's webhook secret, over the ASCII timestamp, a dot, and the raw body bytes.
/// </summary>
public static class WebhookSignature
{
    public const string DeliveryHeader = "X-ReviewConsole-Delivery";
    public const string TimestampHeader = "X-ReviewConsole-Timestamp";
    public const string SignatureHeader = "X-ReviewConsole-Signature";
    public const string Scheme = "sha256=";

    /// <summary>Oldest (and furthest in the future) timestamp a receiver should accept, against replays.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The signature header's value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture)));
        hmac.AppendData("."u8);
        hmac.AppendData(body);
        return Scheme + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>
    /// True when <paramref name="signatureHeader"/> is the signature of exactly these body bytes with this
    /// secret and <paramref name="timestampHeader"/> is within <paramref name="tolerance"/> (default 5 minutes)
    /// of <paramref name="now"/>. The comparison takes the same time however many characters match.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(secret) || signatureHeader is null
            || !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return false;
        }

        var age = now.ToUnixTimeSeconds() - unixSeconds;
        var allowed = (long)(tolerance ?? DefaultTolerance).TotalSeconds;
        if (age > allowed || age < -allowed)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body));
        var presented = Encoding.ASCII.GetBytes(signatureHeader.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }
}
