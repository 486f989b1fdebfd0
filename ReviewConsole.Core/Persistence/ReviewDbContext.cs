using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Core.Persistence;

/// <summary>
/// The console's one database context (Identity included). Each provider has a subclass that owns
/// its migrations, so SQLite and SQL Server schemas evolve side by side from this one model.
/// </summary>
public abstract class ReviewDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Source> Sources => Set<Source>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<ImageSubmission> Images => Set<ImageSubmission>();

    public DbSet<Policy> Policies => Set<Policy>();

    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();

    public DbSet<DisallowList> DisallowLists => Set<DisallowList>();

    public DbSet<DisallowListEntry> DisallowListEntries => Set<DisallowListEntry>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ReviewTask> ReviewTasks => Set<ReviewTask>();

    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();

    public DbSet<ImageFeedback> ImageFeedback => Set<ImageFeedback>();

    /// <summary>Append-only: adding is the only change that saves (see <see cref="SaveChanges(bool)"/>).</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <inheritdoc />
    /// <exception cref="AuditEventImmutableException">An audit event was modified or deleted.</exception>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <inheritdoc />
    /// <exception cref="AuditEventImmutableException">An audit event was modified or deleted.</exception>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public DbSet<GoldMark> GoldMarks => Set<GoldMark>();

    /// <summary>Pre-aggregated report figures per day; rewritten by <see cref="Reports.ReportRollups"/>.</summary>
    public DbSet<Reports.ReportDailyCount> ReportDailyCounts => Set<Reports.ReportDailyCount>();

    public DbSet<Reports.ReportRollupMark> ReportRollupMarks => Set<Reports.ReportRollupMark>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReviewDbContext).Assembly);
    }

    /// <summary>
    /// The audit log's guarantee: whatever code asks, a recorded event is never rewritten or removed.
    /// Checked before anything is written, so the whole save fails and nothing of it commits.
    /// </summary>
    private void RefuseAuditChanges()
    {
        foreach (var entry in ChangeTracker.Entries<AuditEvent>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new AuditEventImmutableException(
                    $"Audit event {entry.Entity.Id} cannot be {(entry.State == EntityState.Deleted ? "deleted" : "modified")}: the audit log is append-only.");
            }
        }
    }
}
