using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Reports;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class ReportDailyCountConfiguration : IEntityTypeConfiguration<ReportDailyCount>
{
    public void Configure(EntityTypeBuilder<ReportDailyCount> builder)
    {
        builder.ToTable("ReportDailyCounts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Fact).HasMaxLength(ReportDailyCount.FactMaxLength).IsRequired();
        builder.Property(c => c.Key1).HasMaxLength(ReportDailyCount.KeyMaxLength).IsRequired();
        builder.Property(c => c.Key2).HasMaxLength(ReportDailyCount.KeyMaxLength).IsRequired();
        builder.Property(c => c.Key3).HasMaxLength(ReportDailyCount.KeyMaxLength).IsRequired();

        // A report sums a range of day rows (or of one day's hour rows); a refresh deletes one hour's or one day's rows.
        builder.HasIndex(c => new { c.Hour, c.Day, c.Fact });
        builder.HasIndex(c => new { c.Day, c.Hour });
    }
}
