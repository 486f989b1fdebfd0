using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists;

/// <summary>Creates lists and adds or removes entries, keeping the in-memory index in step with the database.</summary>
/// <param name="db">The context changes and their audit events are saved through.</param>
/// <param name="index">The in-memory index kept in step.</param>
/// <param name="clock">The time of a change.</param>
/// <param name="audit">
/// Who makes the changes; each one is audited in the same save. Null for the review workbench, whose
/// list additions are already recorded on the append-only review decision that made them.
/// </param>
public sealed class DisallowLists(ReviewDbContext db, DisallowListIndex index, TimeProvider clock, AuditActorContext? audit = null)
{
    /// <summary>Entries written per <c>SaveChanges</c> during an import: big enough for few round trips, small enough to keep the change tracker light.</summary>
    public const int ImportBatchSize = 1000;

    /// <summary>At most this many invalid lines are reported one by one; the rest are only counted.</summary>
    public const int MaxReportedImportErrors = 100;

    /// <summary>Makes sure the default list (reject on match, threshold 31) exists.</summary>
    public async Task<DisallowList> EnsureDefaultAsync(CancellationToken cancellationToken = default) =>
        await db.DisallowLists.FirstOrDefaultAsync(l => l.Name == DisallowList.DefaultName, cancellationToken)
        ?? await CreateAsync(DisallowList.DefaultName, ListAction.Reject, DisallowList.DefaultPdqThreshold, cancellationToken);

    /// <summary>Creates a list; <see cref="ArgumentException"/> for an invalid or taken name.</summary>
    public async Task<DisallowList> CreateAsync(string name, ListAction action, int pdqThreshold, CancellationToken cancellationToken = default)
    {
        var list = DisallowList.Create(name, action, clock.GetUtcNow(), pdqThreshold);
        if (await db.DisallowLists.AnyAsync(l => l.Name == list.Name, cancellationToken))
        {
            throw new ArgumentException($"A list named '{list.Name}' already exists.", nameof(name));
        }

        db.DisallowLists.Add(list);
        Audit(AuditEventTypes.ListCreated, list.Name, $"Created list '{list.Name}' ({list.Action}, PDQ threshold {list.PdqThreshold}).", new { list = list.Name, action = list.Action.ToString(), list.PdqThreshold });
        await db.SaveChangesAsync(cancellationToken);
        index.Invalidate();
        return list;
    }

    public Task<DisallowList?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        db.DisallowLists.FirstOrDefaultAsync(l => l.Name == name, cancellationToken);

    /// <summary>Every list with its number of entries, by name.</summary>
    public async Task<IReadOnlyList<ListSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.DisallowLists.AsNoTracking()
            .OrderBy(l => l.Name)
            .Select(l => new ListSummary(l.Id, l.Name, l.Action, l.PdqThreshold, l.Enabled, l.CreatedAt, db.DisallowListEntries.Count(e => e.ListId == l.Id)))
            .ToListAsync(cancellationToken);

    /// <summary>Changes what a list does and how close a match must be; false when there is no such list.</summary>
    public async Task<bool> ConfigureAsync(string listName, ListAction action, int pdqThreshold, bool enabled, CancellationToken cancellationToken = default)
    {
        var list = await FindAsync(listName, cancellationToken);
        if (list is null)
        {
            return false;
        }

        var before = new { action = list.Action.ToString(), list.PdqThreshold, list.Enabled };
        list.Configure(action, pdqThreshold, enabled);
        Audit(
            AuditEventTypes.ListConfigured,
            list.Name,
            $"Configured list '{list.Name}': {list.Action}, PDQ threshold {list.PdqThreshold}, {(list.Enabled ? "enabled" : "disabled")}.",
            new { list = list.Name, before, after = new { action = list.Action.ToString(), list.PdqThreshold, list.Enabled } });
        await db.SaveChangesAsync(cancellationToken);

        // Thresholds and enabled flags are baked into the index's snapshot.
        index.Invalidate();
        return true;
    }

    /// <summary>Adds an entry to the named list; it matches new uploads from the moment this returns.</summary>
    public async Task<DisallowListEntry> AddEntryAsync(string listName, string? sha256, PdqHash? pdq, int? pdqQuality, Guid? sourceImageId, string addedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        var list = await FindAsync(listName, cancellationToken) ?? throw new KeyNotFoundException($"No list named '{listName}'.");
        var entry = DisallowListEntry.Create(list.Id, sha256, pdq, pdqQuality, sourceImageId, addedBy, clock.GetUtcNow(), note);
        db.DisallowListEntries.Add(entry);
        Audit(
            AuditEventTypes.ListEntryAdded,
            list.Name,
            $"Added an entry to '{list.Name}' ({(pdq is null ? "SHA-256" : sha256 is null ? "PDQ" : "SHA-256 and PDQ")}).",
            new { list = list.Name, sha256, pdq = pdq?.ToString(), sourceImageId, note });
        await db.SaveChangesAsync(cancellationToken);
        index.Added(entry);
        return entry;
    }

    /// <summary>The list's entry, or null when the list has no such entry.</summary>
    public Task<DisallowListEntry?> FindEntryAsync(string listName, long entryId, CancellationToken cancellationToken = default) =>
        db.DisallowListEntries.AsNoTracking()
            .Join(db.DisallowLists.Where(l => l.Name == listName), e => e.ListId, l => l.Id, (e, _) => e)
            .FirstOrDefaultAsync(e => e.Id == entryId, cancellationToken);

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
        Audit(
            AuditEventTypes.ListEntryRemoved,
            listName,
            $"Removed entry {entryId} from '{listName}'.",
            new { list = listName, entryId, entry.Sha256, pdq = entry.Pdq, entry.AddedBy });
        await db.SaveChangesAsync(cancellationToken);
        index.Removed(entry);
        return true;
    }

    /// <summary>
    /// One page of a list's entries, newest first, each with an image to show when one is known: the
    /// submission the entry came from, else a submission with the same bytes.
    /// </summary>
    public async Task<EntryPage> PageEntriesAsync(int listId, int skip, int take, CancellationToken cancellationToken = default)
    {
        var entries = db.DisallowListEntries.AsNoTracking().Where(e => e.ListId == listId);
        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var shas = page.Where(e => e.SourceImageId is null && e.Sha256 is not null).Select(e => e.Sha256!).Distinct().ToList();
        var imageOf = shas.Count == 0
            ? []
            : (await db.Images.AsNoTracking().Where(i => shas.Contains(i.Sha256)).Select(i => new { i.Sha256, i.Id }).ToListAsync(cancellationToken))
                .GroupBy(i => i.Sha256)
                .ToDictionary(g => g.Key, g => g.First().Id);
        return new EntryPage(
            total,
            [.. page.Select(e => new EntryView(e, e.SourceImageId ?? (e.Sha256 is not null && imageOf.TryGetValue(e.Sha256, out var id) ? id : null)))]);
    }

    /// <summary>Matches hashes against one list (enabled or not) within its threshold, closest first; null when there is no such list.</summary>
    public async Task<IReadOnlyList<ListMatch>?> MatchAsync(string listName, string? sha256, PdqHash? pdq, int? pdqQuality, CancellationToken cancellationToken = default)
    {
        var list = await db.DisallowLists.AsNoTracking().FirstOrDefaultAsync(l => l.Name == listName, cancellationToken);
        return list is null ? null : await index.MatchListAsync(list.Id, sha256?.ToLowerInvariant(), pdq, pdqQuality ?? 100, cancellationToken);
    }

    /// <summary>
    /// Imports a hash list (<see cref="PdqListFormat"/>) line by line, never holding the whole file,
    /// in batches of <see cref="ImportBatchSize"/>, each committed and made matchable as it goes.
    /// Invalid lines are reported with their numbers and skipped; hashes the list already holds are
    /// skipped as duplicates.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such list.</exception>
    public async Task<ListImportResult> ImportAsync(string listName, TextReader reader, string addedBy, CancellationToken cancellationToken = default)
    {
        var list = await FindAsync(listName, cancellationToken) ?? throw new KeyNotFoundException($"No list named '{listName}'.");
        var batch = new List<DisallowListEntry>(ImportBatchSize);
        var inBatch = new HashSet<PdqHash>();
        var errors = new List<ImportLineError>();
        int imported = 0, duplicates = 0, invalid = 0, lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            var parsed = PdqListFormat.Parse(line);
            if (parsed.Error is { } error)
            {
                invalid++;
                if (errors.Count < MaxReportedImportErrors)
                {
                    errors.Add(new ImportLineError(lineNumber, error));
                }

                continue;
            }

            if (parsed.Hash is not { } hash)
            {
                continue;
            }

            if (!inBatch.Add(hash) || await index.ContainsPdqAsync(list.Id, hash, cancellationToken))
            {
                duplicates++;
                continue;
            }

            batch.Add(DisallowListEntry.Create(list.Id, null, hash, parsed.Quality, null, addedBy, clock.GetUtcNow()));
            if (batch.Count == ImportBatchSize)
            {
                imported += await SaveBatchAsync(batch, cancellationToken);
                inBatch.Clear();
            }
        }

        // The last batch carries the import's audit event, so the record commits with the import's end.
        var last = batch.Count;
        Audit(
            AuditEventTypes.ListImported,
            list.Name,
            $"Imported into '{list.Name}': {imported + last} added, {duplicates} duplicates, {invalid} invalid lines.",
            new { list = list.Name, imported = imported + last, duplicates, invalid });
        imported += await SaveBatchAsync(batch, cancellationToken, force: true);
        return new ListImportResult(imported, duplicates, invalid, errors);
    }

    /// <summary>Writes the list's PDQ hashes in <see cref="PdqListFormat"/>, oldest first, streamed from the database. Entries without a PDQ hash (SHA-256 only) are not part of the format and are left out.</summary>
    /// <returns>The number of lines written.</returns>
    /// <exception cref="KeyNotFoundException">There is no such list.</exception>
    public async Task<int> ExportAsync(string listName, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var list = await FindAsync(listName, cancellationToken) ?? throw new KeyNotFoundException($"No list named '{listName}'.");
        var lines = db.DisallowListEntries.AsNoTracking()
            .Where(e => e.ListId == list.Id && e.Pdq != null)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Pdq, e.PdqQuality })
            .AsAsyncEnumerable();
        var count = 0;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(PdqListFormat.Format(line.Pdq!, line.PdqQuality).AsMemory(), cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private void Audit(string type, string listName, string summary, object data)
    {
        if (audit is not null)
        {
            db.AuditEvents.Add(AuditEvent.Create(audit.Actor, type, $"list:{listName}", summary, data, clock.GetUtcNow()));
        }
    }

    private async Task<int> SaveBatchAsync(List<DisallowListEntry> batch, CancellationToken cancellationToken, bool force = false)
    {
        if (batch.Count == 0)
        {
            if (force)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return 0;
        }

        db.DisallowListEntries.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var entry in batch)
        {
            index.Added(entry);
        }

        var saved = batch.Count;
        batch.Clear();

        // A long import would otherwise track every entry it ever wrote.
        db.ChangeTracker.Clear();
        return saved;
    }
}

/// <summary>A list's settings and size.</summary>
public sealed record ListSummary(int Id, string Name, ListAction Action, int PdqThreshold, bool Enabled, DateTimeOffset CreatedAt, int EntryCount);

/// <summary>An entry with the submission to show for it, when one is known.</summary>
public sealed record EntryView(DisallowListEntry Entry, Guid? ImageId);

/// <summary>One page of entries and how many the list holds in all.</summary>
public sealed record EntryPage(int Total, IReadOnlyList<EntryView> Entries);

/// <summary>An invalid line of an imported file, by its 1-based number.</summary>
public sealed record ImportLineError(int Line, string Error);

/// <summary>What an import did: entries added, hashes the list already held, invalid lines (the first <see cref="DisallowLists.MaxReportedImportErrors"/> described).</summary>
public sealed record ListImportResult(int Imported, int Duplicates, int Invalid, IReadOnlyList<ImportLineError> Errors);
