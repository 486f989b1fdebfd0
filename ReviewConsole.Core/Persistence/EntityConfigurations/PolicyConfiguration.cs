using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class PolicyConfiguration : IEntityTypeConfiguration<Policy>
{
    public void Configure(EntityTypeBuilder<Policy> builder)
    {
        builder.ToTable("Policies");
        builder.HasKey(p => p.Name);
        builder.Property(p => p.Name).HasMaxLength(Policy.NameMaxLength);
    }
}
