using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class ReviewDecisionConfiguration : IEntityTypeConfiguration<ReviewDecision>
{
    public void Configure(EntityTypeBuilder<ReviewDecision> builder)
    {
        builder.ToTable("ReviewDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedOnAdd();
        builder.HasOne<ImageSubmission>().WithMany().HasForeignKey(d => d.ImageId).OnDelete(DeleteBehavior.Cascade);

        // No cascade from tasks: the image's cascade already reaches these rows (SQL Server allows one path).
        builder.HasOne<ReviewTask>().WithMany().HasForeignKey(d => d.TaskId).OnDelete(DeleteBehavior.NoAction);
        builder.Property(d => d.ActorId).HasMaxLength(ReviewTask.UserIdMaxLength).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Queue).HasMaxLength(ReviewQueues.NameMaxLength).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LabelsJson).HasMaxLength(ReviewDecision.LabelsMaxLength).IsRequired();
        builder.Property(d => d.Note).HasMaxLength(ReviewDecision.NoteMaxLength);
        builder.Property(d => d.TaskKind).HasConversion<string>().HasMaxLength(16);

        // The entry id is history: no foreign key, so removing the entry never rewrites this event.
        builder.Ignore(d => d.Labels);
        builder.Ignore(d => d.IsFinal);

        builder.HasIndex(d => new { d.ImageId, d.Id });
        builder.HasIndex(d => new { d.TaskId, d.Id });
        builder.HasIndex(d => new { d.ActorId, d.CreatedAt });

        // Reports: decisions in a date range by kind (throughput, overturns), and "was it undone?".
        builder.HasIndex(d => new { d.CreatedAt, d.Kind, d.ActorId, d.HandlingMilliseconds });
        builder.HasIndex(d => d.RevertsDecisionId);

        // A moderator's median handling time walks their answers in handling order up to the middle one.
        builder.HasIndex(d => new { d.ActorId, d.HandlingMilliseconds, d.CreatedAt, d.Kind });
    }
}
