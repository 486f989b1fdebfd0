using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Core.Notifications.EntityConfigurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Source>().WithMany().HasForeignKey(d => d.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ImageSubmission>().WithMany().HasForeignKey(d => d.ImageId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.EventType).HasMaxLength(WebhookEventTypes.MaxLength).IsUnicode(false).IsRequired();
        builder.Property(d => d.TargetUrl).HasMaxLength(Source.UrlMaxLength).IsRequired();
        builder.Property(d => d.Body).IsRequired();
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);

        // Completing an attempt is conditional on still holding the claim: a dispatcher whose lease ran
        // out (and whose delivery another one took over) gets a concurrency failure instead of a lost update.
        builder.Property(d => d.LeaseId).IsConcurrencyToken();

        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);

        // The dispatcher's due scan, and the admin page's recent-first listings.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SourceId, d.CreatedAt });
        builder.HasIndex(d => d.CreatedAt);
        builder.HasIndex(d => d.LeaseId);
    }
}
