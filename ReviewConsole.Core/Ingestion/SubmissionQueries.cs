using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Ingestion;

/// <summary>Read-side lookups of submissions, always scoped to the asking source.</summary>
public sealed class SubmissionQueries(ReviewDbContext db)
{
    /// <summary>Most submissions returned for one external id.</summary>
    public const int MaxByExternalId = 100;

    public Task<ImageSubmission?> FindAsync(Guid sourceId, Guid id, CancellationToken cancellationToken = default) =>
        db.Images.AsNoTracking().Include(i => i.Scores).FirstOrDefaultAsync(i => i.Id == id && i.SourceId == sourceId, cancellationToken);

    /// <summary>The source's submissions with that external id, newest first.</summary>
    public async Task<IReadOnlyList<ImageSubmission>> FindByExternalIdAsync(Guid sourceId, string externalId, CancellationToken cancellationToken = default) =>
        await db.Images.AsNoTracking().Include(i => i.Scores)
            .Where(i => i.SourceId == sourceId && i.ExternalId == externalId)
            .OrderByDescending(i => i.ReceivedAt)
            .Take(MaxByExternalId)
            .ToListAsync(cancellationToken);
}
