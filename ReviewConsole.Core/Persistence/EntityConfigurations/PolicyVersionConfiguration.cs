using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> builder)
    {
        builder.ToTable("PolicyVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.PolicyName).HasMaxLength(Policy.NameMaxLength).IsRequired();
        builder.HasIndex(v => new { v.PolicyName, v.Version }).IsUnique();
        builder.HasOne<Policy>().WithMany().HasForeignKey(v => v.PolicyName).OnDelete(DeleteBehavior.Restrict);
        builder.Property(v => v.RulesJson).IsRequired();
        builder.Property(v => v.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.Note).HasMaxLength(1000);
        builder.Ignore(v => v.Rules);
    }
}
