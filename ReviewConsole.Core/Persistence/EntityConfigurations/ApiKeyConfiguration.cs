using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Hash).HasMaxLength(ApiKey.HashLength).IsFixedLength().IsUnicode(false).IsRequired();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.DisplayPrefix).HasMaxLength(ApiKey.DisplayPrefixLength).IsRequired();
        builder.Ignore(k => k.IsActive);
    }
}
