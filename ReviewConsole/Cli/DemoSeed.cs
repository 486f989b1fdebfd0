using System.Security.Cryptography;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Cli;

/// <summary>
/// <c>seed-demo</c>: a demo source and one user per role, so a newcomer can sign in and call the API
/// at once. Safe to run again: users get their (new) password back, the source gets a fresh key.
/// </summary>
internal static class DemoSeed
{
    public const string SourceName = "demo";
    public const string PasswordVariable = "REVIEWCONSOLE_DEMO_PASSWORD";

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        // No password is baked into the code: it comes from the environment or is made up now.
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            password = "Demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        }

        var users = services.GetRequiredService<UserAdministration>();
        Console.WriteLine("Demo users (sign in at /Account/Login):");
        foreach (var role in Roles.All)
        {
            var email = $"{role.ToLowerInvariant()}@demo.local";
            var result = await users.AddOrUpdateAsync(email, password, role, resetExisting: true);
            if (!result.Succeeded)
            {
                return CommandLine.Fail($"{email}: {result.Error}");
            }

            Console.WriteLine($"  {role,-10} {email}  password: {password}");
        }

        var sources = services.GetRequiredService<SourceAdministration>();
        var existing = await sources.FindByNameAsync(SourceName);
        if (existing is null)
        {
            var credentials = await sources.CreateAsync(SourceName);
            Console.WriteLine($"Demo source '{SourceName}': X-Api-Key: {credentials.ApiKey}");
            Console.WriteLine($"  webhook secret: {credentials.WebhookSecret}");
        }
        else
        {
            var key = await sources.IssueKeyAsync(existing.Id);
            Console.WriteLine($"Demo source '{SourceName}' (new key issued): X-Api-Key: {key}");
        }

        return 0;
    }
}
