using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Sources;

/// <summary>
/// Creates sources and manages their keys and webhook secrets (the admin page and the <c>sources add</c>
/// verb); each change is audited in the same save, attributed to the scope's <see cref="AuditActorContext"/>.
/// </summary>
public sealed class SourceAdministration(
    ReviewDbContext db,
    IDataProtectionProvider dataProtection,
    ApiKeyAuthenticator authenticator,
    TimeProvider clock,
    AuditActorContext audit)
{
    /// <summary>The purpose string that isolates webhook secrets from every other protected payload.</summary>
    public const string WebhookSecretPurpose = "ReviewConsole.Sources.WebhookSecret.v1";

    /// <summary>Creates a source with one key and a webhook secret, both returned in plain text this once.</summary>
    public async Task<SourceCredentials> CreateAsync(string name, int requestsPerMinute = Source.DefaultRequestsPerMinute, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (await db.Sources.AnyAsync(s => s.Name == name, cancellationToken))
        {
            throw new SourceNameTakenException(name);
        }

        var now = clock.GetUtcNow();
        var secret = NewWebhookSecret();
        var source = Source.Create(name, Protector.Protect(secret), now, requestsPerMinute);
        var apiKey = source.IssueKey(now);
        db.Sources.Add(source);
        Audit(AuditEventTypes.SourceCreated, source, $"Created source '{source.Name}' ({requestsPerMinute} requests/min) with one key.", new { source = source.Name, requestsPerMinute });
        await db.SaveChangesAsync(cancellationToken);
        return new SourceCredentials(source.Id, source.Name, apiKey, secret);
    }

    /// <summary>Issues an additional key (for rotation); the old ones stay valid until revoked.</summary>
    public async Task<string> IssueKeyAsync(Guid sourceId, CancellationToken cancellationToken = default)
    {
        var source = await LoadAsync(sourceId, cancellationToken);
        var key = source.IssueKey(clock.GetUtcNow());
        Audit(AuditEventTypes.SourceKeyIssued, source, $"Issued a new key for '{source.Name}'.", new { source = source.Name, keys = source.Keys.Count });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    /// <summary>Revokes a key at once; requests with it are refused from the next one on.</summary>
    public async Task<bool> RevokeKeyAsync(Guid sourceId, Guid keyId, CancellationToken cancellationToken = default)
    {
        var source = await LoadAsync(sourceId, cancellationToken);
        if (!source.RevokeKey(keyId, clock.GetUtcNow()))
        {
            return false;
        }

        Audit(AuditEventTypes.SourceKeyRevoked, source, $"Revoked key {keyId} of '{source.Name}'.", new { source = source.Name, keyId });
        await db.SaveChangesAsync(cancellationToken);
        authenticator.Forget(source.Keys.First(k => k.Id == keyId).Hash);
        return true;
    }

    /// <summary>Replaces the webhook secret; returns the new one in plain text this once.</summary>
    public async Task<string> RotateWebhookSecretAsync(Guid sourceId, CancellationToken cancellationToken = default)
    {
        var source = await LoadAsync(sourceId, cancellationToken);
        var secret = NewWebhookSecret();
        source.ChangeWebhookSecret(Protector.Protect(secret));

        // Never the secret itself, not even protected: the event says only that it changed.
        Audit(AuditEventTypes.SourceSecretRotated, source, $"Rotated the webhook secret of '{source.Name}'.", new { source = source.Name });
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>The plain webhook secret, for signing deliveries.</summary>
    public string UnprotectWebhookSecret(Source source) => Protector.Unprotect(source.ProtectedWebhookSecret);

    public async Task<IReadOnlyList<Source>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Sources.Include(s => s.Keys).AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);

    public Task<Source?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        db.Sources.Include(s => s.Keys).FirstOrDefaultAsync(s => s.Name == name, cancellationToken);

    private IDataProtector Protector => dataProtection.CreateProtector(WebhookSecretPurpose);

    private async Task<Source> LoadAsync(Guid sourceId, CancellationToken cancellationToken) =>
        await db.Sources.Include(s => s.Keys).FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
        ?? throw new KeyNotFoundException($"No source with id {sourceId}.");

    private void Audit(string type, Source source, string summary, object data) =>
        db.AuditEvents.Add(AuditEvent.Create(audit.Actor, type, $"source:{source.Name}", summary, data, clock.GetUtcNow()));

    private static string NewWebhookSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>What a new source's owner must copy now: neither secret can be shown again.</summary>
public sealed record SourceCredentials(Guid SourceId, string Source, string ApiKey, string WebhookSecret);

/// <summary>Source names are unique, because admins and the CLI address sources by name.</summary>
public sealed class SourceNameTakenException(string name) : Exception($"A source named '{name}' already exists.");
