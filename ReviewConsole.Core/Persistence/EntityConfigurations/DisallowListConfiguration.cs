using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Lists;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class DisallowListConfiguration : IEntityTypeConfiguration<DisallowList>
{
    public void Configure(EntityTypeBuilder<DisallowList> builder)
    {
        builder.ToTable("DisallowLists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(DisallowList.NameMaxLength).IsRequired();
        builder.HasIndex(l => l.Name).IsUnique();
        builder.Property(l => l.Action).HasConversion<string>().HasMaxLength(16);
    }
}
