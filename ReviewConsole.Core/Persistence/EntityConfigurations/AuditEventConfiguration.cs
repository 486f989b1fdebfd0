using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Audit;

namespace ReviewConsole.Core.Persistence.EntityConfigurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ActorId).HasMaxLength(AuditEvent.ActorIdMaxLength).IsRequired();
        builder.Property(e => e.ActorName).HasMaxLength(AuditEvent.ActorNameMaxLength).IsRequired();
        builder.Property(e => e.Type).HasMaxLength(AuditEvent.TypeMaxLength).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(AuditEvent.SubjectMaxLength).IsRequired();
        builder.Property(e => e.Summary).HasMaxLength(AuditEvent.SummaryMaxLength).IsRequired();
        builder.Property(e => e.DataJson).HasMaxLength(AuditEvent.DataMaxLength).IsRequired();

        // The audit page reads newest first, optionally by type or by actor.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Type, e.At });
        builder.HasIndex(e => new { e.ActorId, e.At });
    }
}
