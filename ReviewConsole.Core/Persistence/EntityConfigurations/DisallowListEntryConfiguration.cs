using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class DisallowListEntryConfiguration : IEntityTypeConfiguration<DisallowListEntry>
{
    public void Configure(EntityTypeBuilder<DisallowListEntry> builder)
    {
        builder.ToTable("DisallowListEntries");
        builder.HasKey(e => e.Id);
        builder.HasOne<DisallowList>().WithMany().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength().IsUnicode(false);
        builder.Property(e => e.Pdq).HasMaxLength(64).IsFixedLength().IsUnicode(false);
        builder.Property(e => e.AddedBy).HasMaxLength(DisallowListEntry.AddedByMaxLength).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(DisallowListEntry.NoteMaxLength);
        builder.HasOne<ImageSubmission>().WithMany().HasForeignKey(e => e.SourceImageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => e.Sha256);
        builder.HasIndex(e => e.SourceImageId);
        builder.Ignore(e => e.MatchesByPdq);
        builder.Ignore(e => e.PdqHash);
    }
}
