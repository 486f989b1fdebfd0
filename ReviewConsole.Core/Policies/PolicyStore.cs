using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Policies;

/// <summary>Reads and revises policies; every revision is a new, attributed version.</summary>
public sealed class PolicyStore(ReviewDbContext db, TimeProvider clock)
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

    /// <summary>The current version of the named policy, or null when there is no such policy.</summary>
    public Task<PolicyVersion?> CurrentAsync(string name, CancellationToken cancellationToken = default) =>
        db.Policies.Where(p => p.Name == name)
            .Join(db.PolicyVersions, p => new { p.Name, Version = p.CurrentVersion }, v => new { Name = v.PolicyName, v.Version }, (_, v) => v)
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Writes a new version of an existing policy (or creates it); returns the version written.</summary>
    public async Task<PolicyVersion> ReviseAsync(string name, PolicySettings settings, string author, CancellationToken cancellationToken = default)
    {
        var policy = await db.Policies.FirstOrDefaultAsync(p => p.Name == name, cancellationToken);
        PolicyVersion version;
        if (policy is null)
        {
            (policy, version) = Policy.Create(name, settings, author, clock.GetUtcNow());
            db.Policies.Add(policy);
        }
        else
        {
            version = policy.Revise(settings, author, clock.GetUtcNow());
        }

        db.PolicyVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }
}
