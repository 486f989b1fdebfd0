using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists;

/// <summary>
/// Every enabled list's entries in memory: SHA-256 in a dictionary, PDQ in the multi-index hashing
/// index. Loaded from the database on first use and kept current by <see cref="DisallowLists"/>
/// as entries come and go, so matching an upload never scans the database.
/// </summary>
public sealed class DisallowListIndex(IDbContextFactory<ReviewDbContext> dbFactory)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _gate = new();
    private volatile Snapshot? _snapshot;

    /// <summary>Matches an image against every enabled list.</summary>
    public async Task<IReadOnlyList<ListMatch>> MatchAsync(string sha256, PdqHash? pdq, int pdqQuality, CancellationToken cancellationToken = default)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var matches = new List<ListMatch>();
        lock (_gate)
        {
            if (snapshot.BySha256.TryGetValue(sha256, out var exact))
            {
                foreach (var (entryId, listId) in exact)
                {
                    if (snapshot.Lists.TryGetValue(listId, out var list) && list.Enabled)
                    {
                        matches.Add(new ListMatch(list.Id, list.Name, list.Action, entryId, ExactSha256: true, Distance: 0));
                    }
                }
            }
        }

        if (pdq is { } hash && pdqQuality >= DisallowListEntry.MinPdqQuality && snapshot.MaxThreshold >= 0)
        {
            var found = new List<PdqMatch>();
            snapshot.Pdq.Query(hash, snapshot.MaxThreshold, found);

            // ListOfEntry changes under the gate as entries come and go; read it under the gate too.
            lock (_gate)
            {
                foreach (var match in found)
                {
                    if (snapshot.ListOfEntry.TryGetValue(match.Id, out var listId)
                        && snapshot.Lists.TryGetValue(listId, out var list)
                        && list.Enabled
                        && match.Distance <= list.PdqThreshold
                        && !matches.Any(m => m.EntryId == match.Id))
                    {
                        matches.Add(new ListMatch(list.Id, list.Name, list.Action, match.Id, ExactSha256: false, match.Distance));
                    }
                }
            }
        }

        return matches;
    }

    /// <summary>
    /// Matches an image against one list within that list's threshold, whether or not it is enabled:
    /// what the list holds, for people asking, rather than what scoring would do. Closest first.
    /// </summary>
    public async Task<IReadOnlyList<ListMatch>> MatchListAsync(int listId, string? sha256, PdqHash? pdq, int pdqQuality, CancellationToken cancellationToken = default)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var matches = new List<ListMatch>();
        var found = new List<PdqMatch>();
        ListInfo? list;
        lock (_gate)
        {
            if (!snapshot.Lists.TryGetValue(listId, out list))
            {
                return matches;
            }

            if (sha256 is not null && snapshot.BySha256.TryGetValue(sha256, out var exact))
            {
                matches.AddRange(exact.Where(e => e.ListId == listId)
                    .Select(e => new ListMatch(list.Id, list.Name, list.Action, e.EntryId, ExactSha256: true, Distance: 0)));
            }
        }

        if (pdq is { } hash && pdqQuality >= DisallowListEntry.MinPdqQuality)
        {
            snapshot.Pdq.Query(hash, list.PdqThreshold, found);
            lock (_gate)
            {
                matches.AddRange(found
                    .Where(m => snapshot.ListOfEntry.TryGetValue(m.Id, out var of) && of == listId && !matches.Any(e => e.EntryId == m.Id))
                    .Select(m => new ListMatch(list.Id, list.Name, list.Action, m.Id, ExactSha256: false, m.Distance)));
            }
        }

        return [.. matches.OrderBy(m => m.Distance).ThenBy(m => m.EntryId)];
    }

    /// <summary>Whether the list already holds this PDQ hash as a matchable entry (quality at least <see cref="DisallowListEntry.MinPdqQuality"/>).</summary>
    public async Task<bool> ContainsPdqAsync(int listId, PdqHash pdq, CancellationToken cancellationToken = default)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var found = new List<PdqMatch>();
        snapshot.Pdq.Query(pdq, 0, found);
        lock (_gate)
        {
            return found.Any(m => snapshot.ListOfEntry.TryGetValue(m.Id, out var of) && of == listId);
        }
    }

    /// <summary>Makes a saved entry matchable at once.</summary>
    public void Added(DisallowListEntry entry)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            return;
        }

        lock (_gate)
        {
            snapshot.ListOfEntry[entry.Id] = entry.ListId;
            if (entry.Sha256 is not null)
            {
                snapshot.BySha256.TryAdd(entry.Sha256, []);
                snapshot.BySha256[entry.Sha256].Add((entry.Id, entry.ListId));
            }
        }

        if (entry.MatchesByPdq)
        {
            snapshot.Pdq.Add(entry.PdqHash!.Value, entry.Id);
        }
    }

    /// <summary>Stops matching a deleted entry at once.</summary>
    public void Removed(DisallowListEntry entry)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            return;
        }

        lock (_gate)
        {
            snapshot.ListOfEntry.Remove(entry.Id);
            if (entry.Sha256 is not null && snapshot.BySha256.TryGetValue(entry.Sha256, out var ids))
            {
                ids.RemoveAll(e => e.EntryId == entry.Id);
            }
        }

        if (entry.MatchesByPdq)
        {
            snapshot.Pdq.Remove(entry.PdqHash!.Value, entry.Id);
        }
    }

    /// <summary>Reloads everything on next use: after a list's settings change.</summary>
    public void Invalidate() => _snapshot = null;

    private async ValueTask<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } ready)
        {
            return ready;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded)
            {
                return loaded;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var lists = await db.DisallowLists.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
            var entries = await db.DisallowListEntries.AsNoTracking()
                .Select(e => new { e.Id, e.ListId, e.Sha256, e.Pdq, e.PdqQuality })
                .ToListAsync(cancellationToken);
            var bySha = new Dictionary<string, List<(long EntryId, int ListId)>>(StringComparer.Ordinal);
            foreach (var e in entries.Where(e => e.Sha256 is not null))
            {
                bySha.TryAdd(e.Sha256!, []);
                bySha[e.Sha256!].Add((e.Id, e.ListId));
            }

            var pdq = PdqIndex.Build(entries
                .Where(e => e.Pdq is not null && (e.PdqQuality ?? 100) >= DisallowListEntry.MinPdqQuality)
                .Select(e => new PdqEntry(PdqHash.Parse(e.Pdq!), e.Id)));
            var snapshot = new Snapshot(
                lists.ToDictionary(kv => kv.Key, kv => new ListInfo(kv.Value.Id, kv.Value.Name, kv.Value.Action, kv.Value.PdqThreshold, kv.Value.Enabled)),
                bySha,
                pdq,
                entries.ToDictionary(e => e.Id, e => e.ListId));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record ListInfo(int Id, string Name, ListAction Action, int PdqThreshold, bool Enabled);

    private sealed record Snapshot(
        Dictionary<int, ListInfo> Lists,
        Dictionary<string, List<(long EntryId, int ListId)>> BySha256,
        PdqIndex Pdq,
        Dictionary<long, int> ListOfEntry)
    {
        public int MaxThreshold { get; } = Lists.Values.Where(l => l.Enabled).Select(l => l.PdqThreshold).DefaultIfEmpty(-1).Max();
    }
}
