using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Sources;

/// <summary>
/// Resolves a presented API key to its source. Every API request passes through here, so answers
/// are cached briefly; revocations in this process evict at once, other processes within
/// <see cref="CacheDuration"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    public async Task<AuthenticatedSource?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 200 || !presentedKey.StartsWith(ApiKey.PlainTextPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiKey.HashOf(presentedKey);
        if (cache.TryGetValue(CacheKey(hash), out AuthenticatedSource? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        var match = await db.ApiKeys
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Join(db.Sources, k => k.SourceId, s => s.Id, (k, s) => new AuthenticatedSource(s.Id, s.Name, k.Id, s.RequestsPerMinute))
            .FirstOrDefaultAsync(cancellationToken);

        // Misses are cached too, so a client hammering with a bad key costs no database round trips.
        cache.Set(CacheKey(hash), match, clock.GetUtcNow() + CacheDuration);
        return match;
    }

    /// <summary>Drops a key's cached answer, after a revocation.</summary>
    public void Forget(string keyHash) => cache.Remove(CacheKey(keyHash));

    private static string CacheKey(string hash) => "apikey:" + hash;
}

/// <summary>The source behind a valid key.</summary>
public sealed record AuthenticatedSource(Guid SourceId, string Name, Guid KeyId, int RequestsPerMinute);
