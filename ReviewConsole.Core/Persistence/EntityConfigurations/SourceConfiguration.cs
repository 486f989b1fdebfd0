using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable("Sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(Source.NameMaxLength).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.ProtectedWebhookSecret).HasMaxLength(1024).IsRequired();
        builder.Property(s => s.DefaultCallbackUrl).HasMaxLength(Source.UrlMaxLength);
        builder.Property(s => s.DefaultPolicy).HasMaxLength(100);
        builder.HasMany(s => s.Keys).WithOne().HasForeignKey(k => k.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Keys).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
