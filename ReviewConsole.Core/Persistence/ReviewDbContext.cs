using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
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

    public DbSet<GoldMark> GoldMarks => Set<GoldMark>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReviewDbContext).Assembly);
    }
}
