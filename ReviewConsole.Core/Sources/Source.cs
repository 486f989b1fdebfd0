namespace ReviewConsole.Core.Sources;

/// <summary>
/// An integrating app: it submits images with one of its API keys and receives webhooks signed with
/// its secret. Keys are kept only as hashes, so a key is shown once, when it is issued.
/// </summary>
public sealed class Source
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2048;
    public const int DefaultRequestsPerMinute = 6000;

    private readonly List<ApiKey> _keys = [];

    private Source()
    {
        Name = string.Empty;
        ProtectedWebhookSecret = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The webhook signing secret, encrypted with the host's data-protection keys.</summary>
    public string ProtectedWebhookSecret { get; private set; }

    /// <summary>Where webhooks go when a submission names no callback URL.</summary>
    public string? DefaultCallbackUrl { get; private set; }

    /// <summary>The policy used when a submission names none; null means the console's default policy.</summary>
    public string? DefaultPolicy { get; private set; }

    /// <summary>Sustained requests per minute this source may make to the API.</summary>
    public int RequestsPerMinute { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<ApiKey> Keys => _keys;

    /// <summary>Creates a source; the caller protects the secret before handing it in.</summary>
    public static Source Create(string name, string protectedWebhookSecret, DateTimeOffset now, int requestsPerMinute = DefaultRequestsPerMinute)
    {
        name = name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new ArgumentException($"A source name is 1 to {NameMaxLength} characters.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        return new Source
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            ProtectedWebhookSecret = protectedWebhookSecret,
            RequestsPerMinute = requestsPerMinute,
            CreatedAt = now,
        };
    }

    /// <summary>Issues a new key; returns the plain text, which exists nowhere else afterwards.</summary>
    public string IssueKey(DateTimeOffset now)
    {
        var (plainText, key) = ApiKey.Generate(Id, now);
        _keys.Add(key);
        return plainText;
    }

    /// <summary>Revokes one key; false when the key is not this source's or already revoked.</summary>
    public bool RevokeKey(Guid keyId, DateTimeOffset now)
    {
        var key = _keys.FirstOrDefault(k => k.Id == keyId);
        return key is not null && key.Revoke(now);
    }

    public void ChangeWebhookSecret(string protectedWebhookSecret) => ProtectedWebhookSecret = protectedWebhookSecret;

    public void SetDefaultCallbackUrl(Uri? url)
    {
        if (url is not null && !IsWebhookUrl(url))
        {
            throw new ArgumentException("A callback URL is an absolute http or https URL.", nameof(url));
        }

        DefaultCallbackUrl = url?.AbsoluteUri;
    }

    public void SetRateLimit(int requestsPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerMinute);
        RequestsPerMinute = requestsPerMinute;
    }

    public void SetDefaultPolicy(string? policy) => DefaultPolicy = string.IsNullOrWhiteSpace(policy) ? null : policy.Trim();

    /// <summary>True for the URLs webhooks may be sent to: absolute http(s), no user info.</summary>
    public static bool IsWebhookUrl(Uri url) =>
        url.IsAbsoluteUri
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(url.UserInfo)
        && url.AbsoluteUri.Length <= UrlMaxLength;
}
