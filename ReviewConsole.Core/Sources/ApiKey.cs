using System.Security.Cryptography;
using System.Text;

namespace ReviewConsole.Core.Sources;

/// <summary>
/// One API key of a source. Only its SHA-256 is stored: the key carries 256 random bits, so a fast
/// hash is enough (a slow password hash would only cost every API request time).
/// </summary>
public sealed class ApiKey
{
    /// <summary>Every key starts with this, so leaked keys are easy to recognise in logs and scanners.</summary>
    public const string PlainTextPrefix = "rc_";
    public const int DisplayPrefixLength = 10;
    public const int HashLength = 64;

    private ApiKey()
    {
        Hash = string.Empty;
        DisplayPrefix = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SourceId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the whole plain-text key.</summary>
    public string Hash { get; private set; }

    /// <summary>The first characters of the key, so admins can tell keys apart.</summary>
    public string DisplayPrefix { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    internal static (string PlainText, ApiKey Key) Generate(Guid sourceId, DateTimeOffset now)
    {
        var plainText = PlainTextPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            SourceId = sourceId,
            Hash = HashOf(plainText),
            DisplayPrefix = plainText[..DisplayPrefixLength],
            CreatedAt = now,
        };
        return (plainText, key);
    }

    internal bool Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = now;
        return true;
    }

    /// <summary>The stored form of a presented key.</summary>
    public static string HashOf(string plainText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plainText)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
