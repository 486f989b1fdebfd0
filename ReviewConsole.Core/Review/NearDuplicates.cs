using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Review;

/// <summary>
/// Every scored image's PDQ hash (quality at least <see cref="DisallowListEntry.MinPdqQuality"/>) in
/// memory, so the workbench can show already-decided near-duplicates of an item and group the waiting
/// items of a queue that look alike, without scanning the images table. Loaded at start and kept
/// current as images are scored. Only hashes live here: statuses and queues are read from the
/// database for the few candidates a query finds, so a decision never has to update the index.
/// </summary>
public sealed class NearDuplicates(IDbContextFactory<ReviewDbContext> dbFactory, IOptions<NearDuplicateOptions> options, TimeProvider clock)
{
    /// <summary>Candidates read back from the database per query, closest first: a burst of thousands of copies stays cheap.</summary>
    private const int MaxCandidates = 500;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _gate = new();
    private readonly PdqIndex _index = new();
    private readonly Dictionary<long, Guid> _imageOf = [];
    private readonly Dictionary<Guid, (long Key, PdqHash Hash)> _keyOf = [];
    private readonly List<(Guid ImageId, PdqHash Hash)> _pendingWhileLoading = [];
    private volatile bool _loaded;
    private bool _loadingNow;
    private long _nextKey;

    private NearDuplicateOptions Options => options.Value;

    /// <summary>Number of images indexed.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _keyOf.Count;
            }
        }
    }

    /// <summary>Loads every scored image's hash once; later calls return at once.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            lock (_gate)
            {
                _loadingNow = true;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.Images.AsNoTracking()
                .Where(i => i.Pdq != null && i.PdqQuality >= DisallowListEntry.MinPdqQuality)
                .Select(i => new { i.Id, i.Pdq })
                .ToListAsync(cancellationToken);
            lock (_gate)
            {
                foreach (var row in rows)
                {
                    if (PdqHash.TryParse(row.Pdq, out var hash))
                    {
                        AddLocked(row.Id, hash);
                    }
                }

                // Images scored while the query ran may or may not be in its result; adding twice is harmless.
                foreach (var (imageId, hash) in _pendingWhileLoading)
                {
                    AddLocked(imageId, hash);
                }

                _pendingWhileLoading.Clear();
                _loadingNow = false;
                _loaded = true;
            }
        }
        finally
        {
            lock (_gate)
            {
                _loadingNow = false;
            }

            _loading.Release();
        }
    }

    /// <summary>Indexes a newly scored image; one without a usable hash is ignored.</summary>
    public void Scored(ImageSubmission image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Scored(image.Id, image.Pdq, image.PdqQuality);
    }

    /// <summary>Indexes an image's hash; one missing, malformed or under the quality floor is ignored.</summary>
    public void Scored(Guid imageId, string? pdq, int? pdqQuality)
    {
        if (pdqQuality is not >= DisallowListEntry.MinPdqQuality || !PdqHash.TryParse(pdq, out var hash))
        {
            return;
        }

        lock (_gate)
        {
            if (_loaded)
            {
                AddLocked(imageId, hash);
            }
            else if (_loadingNow)
            {
                _pendingWhileLoading.Add((imageId, hash));
            }

            // Not loading yet: the load will read it from the database.
        }
    }

    /// <summary>
    /// Images with a final status (approved or rejected, by the AI or a person) within
    /// <see cref="NearDuplicateOptions.MaxDistance"/> of <paramref name="imageId"/>, closest first, at most
    /// <see cref="NearDuplicateOptions.MaxShown"/>. Empty when the image has no usable hash.
    /// </summary>
    public async Task<IReadOnlyList<DecidedNearDuplicate>> DecidedNearAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var candidates = await CandidatesAsync(imageId, Options.MaxDistance, cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        var ids = candidates.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Images.AsNoTracking()
            .Where(i => ids.Contains(i.Id) && (i.Status == ImageStatus.Approved || i.Status == ImageStatus.Rejected))
            .Select(i => new { i.Id, i.Status, i.DecidedBy, i.DecidedAt, i.Sha256 })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new DecidedNearDuplicate(r.Id, candidates[r.Id], r.Status, r.DecidedBy, r.DecidedAt, r.Sha256))
            .OrderBy(d => d.Distance)
            .ThenByDescending(d => d.DecidedAt)
            .Take(Options.MaxShown)];
    }

    /// <summary>
    /// The other review items of <paramref name="queue"/> anyone may claim now whose image is within
    /// <see cref="NearDuplicateOptions.GroupMaxDistance"/> of <paramref name="imageId"/>: the group a decision
    /// can be applied to. Only <see cref="ReviewTaskKind.Review"/> tasks group; closest first.
    /// </summary>
    public async Task<IReadOnlyList<WaitingNearDuplicate>> WaitingNearAsync(Guid imageId, string queue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        var candidates = await CandidatesAsync(imageId, Options.GroupMaxDistance, cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        var ids = candidates.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.ReviewTasks.AsNoTracking()
            .Where(t => ids.Contains(t.ImageId) && t.Queue == queue && t.Kind == ReviewTaskKind.Review)
            .Where(ReviewTask.ClaimableAt(now))
            .Select(t => new { t.Id, t.ImageId })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new WaitingNearDuplicate(r.Id, r.ImageId, candidates[r.ImageId]))
            .OrderBy(w => w.Distance)
            .ThenBy(w => w.TaskId)];
    }

    /// <summary>Other indexed images within <paramref name="maxDistance"/> of the image, by id, with their distance.</summary>
    private async Task<Dictionary<Guid, int>> CandidatesAsync(Guid imageId, int maxDistance, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        PdqHash hash;
        lock (_gate)
        {
            if (!_keyOf.TryGetValue(imageId, out var own))
            {
                return [];
            }

            hash = own.Hash;
        }

        var found = _index.Query(hash, maxDistance);
        var candidates = new Dictionary<Guid, int>();
        lock (_gate)
        {
            foreach (var match in found.OrderBy(m => m.Distance).Take(MaxCandidates + 1))
            {
                if (_imageOf.TryGetValue(match.Id, out var other) && other != imageId)
                {
                    candidates.TryAdd(other, match.Distance);
                }
            }
        }

        return candidates;
    }

    private void AddLocked(Guid imageId, PdqHash hash)
    {
        if (_keyOf.ContainsKey(imageId))
        {
            return;
        }

        // PdqIndex stores long ids; images have GUIDs, so each gets a small key of its own here.
        var key = ++_nextKey;
        _keyOf[imageId] = (key, hash);
        _imageOf[key] = imageId;
        _index.Add(hash, key);
    }
}

/// <summary>Thresholds of the workbench's near-duplicate matching. Bound to the <c>NearDuplicates</c> section.</summary>
public sealed class NearDuplicateOptions
{
    public const string SectionName = "NearDuplicates";

    /// <summary>PDQ distance within which a decided image is shown as a near-duplicate. Defaults to 31, PDQ's usual threshold.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 64)]
    public int MaxDistance { get; set; } = 31;

    /// <summary>PDQ distance within which waiting items of one queue form a group a decision can be applied to. Defaults to 31.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 64)]
    public int GroupMaxDistance { get; set; } = 31;

    /// <summary>How many decided near-duplicates the workbench shows. Defaults to 12.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int MaxShown { get; set; } = 12;
}

/// <summary>An image with a final status that looks like the one under review.</summary>
/// <param name="ImageId">The decided image (its thumbnail is <c>/media/images/{id}</c>).</param>
/// <param name="Distance">PDQ Hamming distance to the item's image.</param>
/// <param name="Status">Approved or rejected.</param>
/// <param name="DecidedBy">By the AI or a person.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Sha256">Its content hash (0 distance and the same hash: the very same bytes).</param>
public sealed record DecidedNearDuplicate(Guid ImageId, int Distance, ImageStatus Status, DecidedBy? DecidedBy, DateTimeOffset? DecidedAt, string Sha256);

/// <summary>A claimable item of the same queue that looks like the one under review.</summary>
/// <param name="TaskId">Its review task.</param>
/// <param name="ImageId">Its image.</param>
/// <param name="Distance">PDQ Hamming distance to the item's image.</param>
public sealed record WaitingNearDuplicate(Guid TaskId, Guid ImageId, int Distance);

/// <summary>Loads the near-duplicate index as the host starts, in the background, so the first workbench does not wait for it.</summary>
internal sealed partial class NearDuplicatesLoader(NearDuplicates nearDuplicates, ILogger<NearDuplicatesLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await nearDuplicates.LoadAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The first query loads it again; a database not yet migrated must not stop the host.
            LogLoadFailed(ex);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the near-duplicate index at start failed; the first query loads it")]
    private partial void LogLoadFailed(Exception exception);
}
