using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public async Task SourcesAddPrintsOneJsonObjectWhoseKeyIsStoredOnlyAsHash()
    {
        var data = RepositoryPaths.NewTempFolder("cli");

        var result = await HostProcess.RunAsync(data, null, "sources", "add", "--name", "shop");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var json = JsonDocument.Parse(result.StandardOutput.Trim()).RootElement;
        Assert.Equal("shop", json.GetProperty("source").GetString());
        var apiKey = json.GetProperty("apiKey").GetString()!;
        Assert.StartsWith("rc_", apiKey, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", json.GetProperty("webhookSecret").GetString(), StringComparison.Ordinal);

        await using var db = OpenDatabase(data);
        var stored = await db.ApiKeys.SingleAsync();
        Assert.Equal(ApiKey.HashOf(apiKey), stored.Hash);
        var raw = await File.ReadAllBytesAsync(Path.Combine(data, "reviewconsole.db"));
        Assert.DoesNotContain(apiKey, System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcesAddFailsWithOneLineGivenDuplicateName()
    {
        var data = RepositoryPaths.NewTempFolder("cli");
        await HostProcess.RunAsync(data, null, "sources", "add", "--name", "shop");

        var result = await HostProcess.RunAsync(data, null, "sources", "add", "--name", "shop");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error: A source named 'shop' already exists.", result.StandardError.Trim());
    }

    [Fact]
    public async Task UsersAddCreatesUserInRoleAndRefusesWeakPassword()
    {
        var data = RepositoryPaths.NewTempFolder("cli");

        var added = await HostProcess.RunAsync(data, null, "users", "add", "--email", "mod@example.org", "--password", "a-long-passphrase-1", "--role", "moderator");
        var weak = await HostProcess.RunAsync(data, null, "users", "add", "--email", "weak@example.org", "--password", "short", "--role", "Admin");
        var badRole = await HostProcess.RunAsync(data, null, "users", "add", "--email", "x@example.org", "--password", "a-long-passphrase-1", "--role", "Owner");

        Assert.True(added.ExitCode == 0, added.StandardError);
        Assert.NotEqual(0, weak.ExitCode);
        Assert.Contains("at least 10 characters", weak.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, badRole.ExitCode);
        await using var db = OpenDatabase(data);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync();
        Assert.Equal(["Moderator"], roles);
        var audited = await db.AuditEvents.Where(e => e.Type == "user.created").SingleAsync();
        Assert.Equal(("user:mod@example.org", $"cli:{Environment.UserName}"), (audited.Subject, audited.ActorId));
    }

    [Fact]
    public async Task SeedDemoIsRepeatableAndUsesPasswordFromEnvironment()
    {
        var data = RepositoryPaths.NewTempFolder("cli");
        var environment = new Dictionary<string, string> { ["REVIEWCONSOLE_DEMO_PASSWORD"] = "demo-password-123" };

        var first = await HostProcess.RunAsync(data, environment, "seed-demo");
        var second = await HostProcess.RunAsync(data, environment, "seed-demo");

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.Contains("demo-password-123", first.StandardOutput, StringComparison.Ordinal);
        await using var db = OpenDatabase(data);
        Assert.Equal(3, await db.Users.CountAsync());
        Assert.Equal(1, await db.Sources.CountAsync());
        Assert.Equal(2, await db.ApiKeys.CountAsync(k => k.RevokedAt == null));
    }

    [Fact]
    public async Task ListsImportReportsBadLinesAndExportWritesTheImportedHashes()
    {
        var data = RepositoryPaths.NewTempFolder("cli");
        const string first = "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa";
        const string second = "489db672e9190276d452aeab41eba20f02375fe4092d88defdf491a5c55c5f70";
        var file = Path.Combine(data, "hashes.txt");
        await File.WriteAllTextAsync(file, $"# two good, one bad\n{first}\nnope\n{second},77\n");

        var imported = await HostProcess.RunAsync(data, null, "lists", "import", "--list", "default", "--file", file);
        var exported = await HostProcess.RunAsync(data, null, "lists", "export", "--list", "default");
        var unknown = await HostProcess.RunAsync(data, null, "lists", "export", "--list", "no-such-list");

        Assert.True(imported.ExitCode == 0, imported.StandardError);
        var report = JsonDocument.Parse(imported.StandardOutput.Trim()).RootElement;
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(1, report.GetProperty("invalid").GetInt32());
        Assert.Equal(3, report.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.True(exported.ExitCode == 0, exported.StandardError);
        Assert.Equal([first, $"{second},77"], exported.StandardOutput.Trim().Split('\n'));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Equal("error: No list named 'no-such-list'.", unknown.StandardError.Trim());
    }

    [Fact]
    public async Task UnknownVerbExitsNonZeroWithOneLine()
    {
        var result = await HostProcess.RunAsync(RepositoryPaths.NewTempFolder("cli"), null, "frobnicate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith("error: Unknown verb 'frobnicate'", result.StandardError, StringComparison.Ordinal);
    }

    private static SqliteReviewDbContext OpenDatabase(string dataPath) =>
        new(new DbContextOptionsBuilder<SqliteReviewDbContext>().UseSqlite($"Data Source={Path.Combine(dataPath, "reviewconsole.db")};Pooling=False").Options);
}
