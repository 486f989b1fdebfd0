using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class ReviewTaskConfiguration : IEntityTypeConfiguration<ReviewTask>
{
    public void Configure(EntityTypeBuilder<ReviewTask> builder)
    {
        builder.ToTable("ReviewTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne<ImageSubmission>().WithMany().HasForeignKey(t => t.ImageId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Queue).HasMaxLength(ReviewQueues.NameMaxLength).IsRequired();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.LeaseHolder).HasMaxLength(ReviewTask.UserIdMaxLength);
        builder.Property(t => t.SkippedBy).HasMaxLength(ReviewTask.UserIdMaxLength);
        builder.Property(t => t.DecidedBy).HasMaxLength(ReviewTask.UserIdMaxLength);
        builder.Property(t => t.DecidedStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.AiOutcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.ExcludedUserId).HasMaxLength(ReviewTask.UserIdMaxLength);
        builder.Property(t => t.ServedTo).HasMaxLength(ReviewTask.UserIdMaxLength).IsRequired();
        builder.Property(t => t.GoldLabel).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(t => t.IsBlind);

        // Saving a task read under one lease fails once another claim has replaced it.
        builder.Property(t => t.LeaseId).IsConcurrencyToken();

        // One review, audit and double-review task per image, whoever opens it (scorer or sweeper), and
        // one gold task per image and moderator served (ServedTo is empty except on gold tasks).
        builder.HasIndex(t => new { t.ImageId, t.Kind, t.ServedTo }).IsUnique();

        // Claim-next walks a queue's open tasks in priority order; the summary groups them by queue.
        builder.HasIndex(t => new { t.Queue, t.State, t.PriorityBand, t.ReceivedAt }).IsDescending(false, false, true, false);
        builder.HasIndex(t => t.LeaseId);

        // Claim-next's own path: only open tasks (decided ones pile up forever), in exactly the claim's
        // order, so the claim reads the queue's head and stops instead of sorting the whole queue while
        // it holds the write lock. The claim query repeats the filter so that SQLite may use it.
        // Brackets quote the column for both SQLite and SQL Server.
        builder.HasIndex(t => new { t.Queue, t.PriorityBand, t.ReceivedAt, t.Id }, "IX_ReviewTasks_OpenByPriority")
            .IsDescending(false, true, false, false)
            .HasFilter($"[State] <> '{nameof(ReviewTaskState.Decided)}'");

        // Reports: decided tasks of a kind in a date range (audit, gold, double review); the tasks open at an
        // instant (enqueued by then, not decided by then), read from whichever of the enqueue or decision
        // order has fewer entries on the far side of the instant, the queue carried so no row is visited;
        // and per-queue arrivals and decisions in a period as index range counts.
        builder.HasIndex(t => new { t.Kind, t.DecidedAt });
        builder.HasIndex(t => new { t.EnqueuedAt, t.DecidedAt, t.Queue });
        builder.HasIndex(t => new { t.DecidedAt, t.EnqueuedAt, t.Queue });
        builder.HasIndex(t => new { t.Queue, t.EnqueuedAt });
        builder.HasIndex(t => new { t.Queue, t.DecidedAt, t.EnqueuedAt });
    }
}
