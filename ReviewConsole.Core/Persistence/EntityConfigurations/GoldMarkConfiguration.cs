using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class GoldMarkConfiguration : IEntityTypeConfiguration<GoldMark>
{
    public void Configure(EntityTypeBuilder<GoldMark> builder)
    {
        builder.ToTable("GoldMarks");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedOnAdd();
        builder.HasOne<ImageSubmission>().WithMany().HasForeignKey(g => g.ImageId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(g => g.Label).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.LabelAuthorId).HasMaxLength(ReviewTask.UserIdMaxLength);
        builder.Property(g => g.ActorId).HasMaxLength(ReviewTask.UserIdMaxLength).IsRequired();

        // "Latest event per image" is a MAX(Id) per image.
        builder.HasIndex(g => new { g.ImageId, g.Id });
    }
}
