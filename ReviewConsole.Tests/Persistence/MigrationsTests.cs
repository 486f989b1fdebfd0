using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Persistence;

public sealed class MigrationsTests
{
    /// <summary>The checked-in SQL Server deployment script; regenerate with scripts/sqlserver-script.sh.</summary>
    private static readonly string CheckedInScript = Path.Combine(RepositoryPaths.Root, "ReviewConsole.Core", "Persistence", "Migrations", "SqlServer", "ReviewConsole.SqlServer.sql");

    [Fact]
    public void SqliteMigrationsCoverTheWholeModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteReviewDbContext (see README).");
    }

    [Fact]
    public void SqlServerMigrationsCoverTheWholeModel()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqlServerReviewDbContext (see README).");
    }

    [Fact]
    public void SqlServerIdempotentScriptMatchesCheckedInScript()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Images]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.True(
            Normalize(File.ReadAllText(CheckedInScript)) == Normalize(script),
            "The checked-in SQL Server script is stale: run scripts/sqlserver-script.sh and commit the result.");
    }

    [Fact]
    public async Task SqliteMigrationsApplyToFreshFileAndAgainWithoutChange()
    {
        var folder = RepositoryPaths.NewTempFolder("migrate");
        var options = new DbContextOptionsBuilder<SqliteReviewDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "test.db")};Pooling=False").Options;

        await using (var db = new SqliteReviewDbContext(options))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = new SqliteReviewDbContext(options))
        {
            await db.Database.MigrateAsync();
            Assert.Equal(
                db.Database.GetMigrations().ToList(),
                (await db.Database.GetAppliedMigrationsAsync()).ToList());
            Assert.Equal(0, await db.Images.CountAsync());
        }
    }

    private static string Normalize(string sql) => string.Join('\n', sql.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim();
}
