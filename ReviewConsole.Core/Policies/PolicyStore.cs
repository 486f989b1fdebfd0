using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Policies;

/// <summary>Reads and revises policies; every revision is a new, attributed version, audited in the same save.</summary>
/// <param name="db">The context the version and its audit event are saved through.</param>
/// <param name="clock">The time of a revision.</param>
/// <param name="audit">Who revises; without it (or when it is the system) the author string is the actor.</param>
public sealed class PolicyStore(ReviewDbContext db, TimeProvider clock, AuditActorContext? audit = null)
{
    /// <summary>Seeds the default policy on a fresh database.</summary>
    public async Task EnsureDefaultAsync(CancellationToken cancellationToken = default)
    {
        if (!await db.Policies.AnyAsync(p => p.Name == Policy.DefaultName, cancellationToken))
        {
            var (policy, first) = Policy.Create(Policy.DefaultName, DefaultPolicies.Default, "system", clock.GetUtcNow());
            db.Policies.Add(policy);
            db.PolicyVersions.Add(first);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        db.Policies.AnyAsync(p => p.Name == name, cancellationToken);

    /// <summary>Every policy name, sorted.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default) =>
        await db.Policies.AsNoTracking().OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(cancellationToken);

    /// <summary>The current version of the named policy, or null when there is no such policy.</summary>
    public Task<PolicyVersion?> CurrentAsync(string name, CancellationToken cancellationToken = default) =>
        db.Policies.Where(p => p.Name == name)
            .Join(db.PolicyVersions, p => new { p.Name, Version = p.CurrentVersion }, v => new { Name = v.PolicyName, v.Version }, (_, v) => v)
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every version of the named policy, newest first.</summary>
    public async Task<IReadOnlyList<PolicyVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) =>
        await db.PolicyVersions.AsNoTracking().Where(v => v.PolicyName == name).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);

    /// <summary>Writes a new version of an existing policy (or creates it); returns the version written.</summary>
    /// <exception cref="InvalidPolicyException">The settings are invalid; nothing is written.</exception>
    public Task<PolicyVersion> ReviseAsync(string name, PolicySettings settings, string author, CancellationToken cancellationToken = default) =>
        WriteAsync(name, settings, author, AuditEventTypes.PolicyRevised, rolledBackTo: null, cancellationToken);

    /// <summary>
    /// Writes a new version equal to <paramref name="version"/> (rules, sample rate, text detection):
    /// history is never rewritten, so going back is one more version. Null when there is no such version.
    /// </summary>
    public async Task<PolicyVersion?> RollbackAsync(string name, int version, string author, CancellationToken cancellationToken = default)
    {
        var old = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(v => v.PolicyName == name && v.Version == version, cancellationToken);
        if (old is null)
        {
            return null;
        }

        var settings = old.ToSettings() with { Note = $"Rollback to v{version}" };
        return await WriteAsync(name, settings, author, AuditEventTypes.PolicyRolledBack, version, cancellationToken);
    }

    private async Task<PolicyVersion> WriteAsync(string name, PolicySettings settings, string author, string auditType, int? rolledBackTo, CancellationToken cancellationToken)
    {
        var policy = await db.Policies.FirstOrDefaultAsync(p => p.Name == name, cancellationToken);
        PolicyVersion version;
        PolicySettings? before = null;
        if (policy is null)
        {
            (policy, version) = Policy.Create(name, settings, author, clock.GetUtcNow());
            db.Policies.Add(policy);
        }
        else
        {
            before = (await db.PolicyVersions.AsNoTracking()
                .FirstOrDefaultAsync(v => v.PolicyName == name && v.Version == policy.CurrentVersion, cancellationToken))?.ToSettings();
            version = policy.Revise(settings, author, clock.GetUtcNow());
        }

        db.PolicyVersions.Add(version);
        var changes = before is null ? [] : PolicyComparison.Differences(before, settings);
        var what = rolledBackTo is { } to ? $"rolled back to v{to} as v{version.Version}" : $"v{version.Version}";
        var summary = changes.Count == 0
            ? $"Policy '{name}' {what}."
            : $"Policy '{name}' {what}: {string.Join("; ", changes.Select(c => c.Describe()))}.";
        db.AuditEvents.Add(AuditEvent.Create(
            ActorFor(author),
            auditType,
            $"policy:{name}",
            summary,
            new { policy = name, version = version.Version, rolledBackTo, note = settings.Note, changes = changes.Select(c => new { c.Field, c.Before, c.After }) },
            clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }

    private AuditActor ActorFor(string author) =>
        audit is { Actor: var actor } && actor != AuditActor.System ? actor : new AuditActor(author, author);
}
