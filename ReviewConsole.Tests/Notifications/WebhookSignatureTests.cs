using System.Text;
using ReviewConsole.Core.Notifications;

namespace ReviewConsole.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test";
    private const long Timestamp = 1_700_000_000;
    private static readonly byte[] Body = """{"type":"image.decided"}"""u8.ToArray();
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void SignsTimestampDotBodyWithHmacSha256AsLowerHex()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test', b'1700000000.{\"type\":\"image.decided\"}', hashlib.sha256).hexdigest())"
        Assert.Equal("sha256=2d3f112df80a611963216580cff66280d80b28c9ad976e34bb786081b2715e6c", WebhookSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void VerifiesItsOwnSignatureWithinFiveMinutes()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, "1700000000", signature, Body, SentAt));
        Assert.True(WebhookSignature.Verify(Secret, "1700000000", signature, Body, SentAt.AddMinutes(5)));
    }

    [Fact]
    public void RejectsTimestampOlderThanFiveMinutes()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret, "1700000000", signature, Body, SentAt.AddMinutes(5).AddSeconds(1)));
        Assert.False(WebhookSignature.Verify(Secret, "1700000000", signature, Body, SentAt.AddMinutes(-6)));
    }

    [Theory]
    [InlineData("another body")]
    [InlineData("another secret")]
    [InlineData("another timestamp")]
    [InlineData("malformed timestamp")]
    [InlineData("missing signature")]
    [InlineData("upper-case hex")]
    public void RejectsGivenAnythingAltered(string alteration)
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        var (secret, timestamp, presented, body) = alteration switch
        {
            "another body" => (Secret, "1700000000", signature, Encoding.UTF8.GetBytes("""{"type":"image.decided" }""")),
            "another secret" => ("whsec_other", "1700000000", signature, Body),
            "another timestamp" => (Secret, "1700000001", signature, Body),
            "malformed timestamp" => (Secret, "1700000000.0", signature, Body),
            "missing signature" => (Secret, "1700000000", (string?)null, Body),
            _ => (Secret, "1700000000", "sha256=" + signature["sha256=".Length..].ToUpperInvariant(), Body),
        };

        Assert.False(WebhookSignature.Verify(secret, timestamp, presented, body, SentAt));
    }
}
