using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Reports;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class ReportRollupMarkConfiguration : IEntityTypeConfiguration<ReportRollupMark>
{
    public void Configure(EntityTypeBuilder<ReportRollupMark> builder)
    {
        builder.ToTable("ReportRollupMarks");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
    }
}
