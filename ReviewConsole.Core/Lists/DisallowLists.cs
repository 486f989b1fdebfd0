using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists;

/// <summary>Creates lists and adds or removes entries, keeping the in-memory index in step with the database.</summary>
public sealed class DisallowLists(ReviewDbContext db, DisallowListIndex index, TimeProvider clock)
{
    /// <summary>Makes sure the default list (reject on match, threshold 31) exists.</summary>
    public async Task<DisallowList> EnsureDefaultAsync(CancellationToken cancellationToken = default) =>
        await db.DisallowLists.FirstOrDefaultAsync(l => l.Name == DisallowList.DefaultName, cancellationToken)
        ?? await CreateAsync(DisallowList.DefaultName, ListAction.Reject, DisallowList.DefaultPdqThreshold, cancellationToken);

    public async Task<DisallowList> CreateAsync(string name, ListAction action, int pdqThreshold, CancellationToken cancellationToken = default)
    {
        var list = DisallowList.Create(name, action, clock.GetUtcNow(), pdqThreshold);
        db.DisallowLists.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        index.Invalidate();
        return list;
    }

    public Task<DisallowList?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        db.DisallowLists.FirstOrDefaultAsync(l => l.Name == name, cancellationToken);

    /// <summary>Adds an entry to the named list; it matches new uploads from the moment this returns.</summary>
    public async Task<DisallowListEntry> AddEntryAsync(string listName, string? sha256, PdqHash? pdq, int? pdqQuality, Guid? sourceImageId, string addedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        var list = await FindAsync(listName, cancellationToken) ?? throw new KeyNotFoundException($"No list named '{listName}'.");
        var entry = DisallowListEntry.Create(list.Id, sha256, pdq, pdqQuality, sourceImageId, addedBy, clock.GetUtcNow(), note);
        db.DisallowListEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        index.Added(entry);
        return entry;
    }

    /// <summary>Removes an entry; false when the list has no such entry.</summary>
    public async Task<bool> RemoveEntryAsync(string listName, long entryId, CancellationToken cancellationToken = default)
    {
        var entry = await db.DisallowListEntries
            .Join(db.DisallowLists.Where(l => l.Name == listName), e => e.ListId, l => l.Id, (e, _) => e)
            .FirstOrDefaultAsync(e => e.Id == entryId, cancellationToken);
        if (entry is null)
        {
            return false;
        }

        db.DisallowListEntries.Remove(entry);
        await db.SaveChangesAsync(cancellationToken);
        index.Removed(entry);
        return true;
    }
}
