using Microsoft.Playwright;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// Debian's Chromium driven by Playwright against the real host on loopback. Playwright never
/// downloads a browser here: the executable is the system one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public ReviewConsoleFactory Host { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The password every seeded browser-test user has.</summary>
    public const string Password = "browser-test-password";

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        foreach (var role in ReviewConsole.Core.Users.Roles.All)
        {
            await Host.CreateUserAsync(EmailOf(role), Password, role);
        }
    }

    public static string EmailOf(string role) => $"{role.ToLowerInvariant()}@browser.test";

    /// <summary>A fresh browser context (own cookies) on the host's address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
