using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReviewConsole.Core.Persistence;

/// <summary>The SQLite flavour of <see cref="ReviewDbContext"/>, with its own migrations.</summary>
public sealed class SqliteReviewDbContext(DbContextOptions<SqliteReviewDbContext> options) : ReviewDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date type: as text, DateTimeOffset cannot be ordered or compared in SQL.
        // Every timestamp here is UTC, so the binary form (ticks plus offset) sorts correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
