using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class ImageFeedbackConfiguration : IEntityTypeConfiguration<ImageFeedback>
{
    public void Configure(EntityTypeBuilder<ImageFeedback> builder)
    {
        builder.ToTable("ImageFeedback");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasOne<ImageSubmission>().WithMany().HasForeignKey(f => f.ImageId).OnDelete(DeleteBehavior.Cascade);

        // The image's cascade already reaches these rows; SQL Server allows one path.
        builder.HasOne<ReviewTask>().WithMany().HasForeignKey(f => f.TaskId).OnDelete(DeleteBehavior.NoAction);
        builder.Property(f => f.Label).HasMaxLength(Policies.Categories.NameMaxLength).IsRequired();
        builder.Property(f => f.Note).HasMaxLength(ImageFeedback.NoteMaxLength);
        builder.Property(f => f.Outcome).HasConversion<string>().HasMaxLength(24);

        // Exports read an image's feedback; reports count it per source over time.
        builder.HasIndex(f => new { f.ImageId, f.CreatedAt });
        builder.HasIndex(f => new { f.SourceId, f.CreatedAt });
    }
}
