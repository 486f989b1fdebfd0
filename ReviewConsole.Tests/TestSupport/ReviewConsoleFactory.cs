using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Storage;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// The real host on real loopback HTTP (Kestrel, port chosen by the OS) over a real SQLite file in
/// a temp data folder. One instance is shared by the tests of a collection.
/// </summary>
public class ReviewConsoleFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    public ReviewConsoleFactory()
        : this(RepositoryPaths.NewTempFolder("host"))
    {
    }

    /// <summary>A host on an existing data folder: a restart of an earlier host.</summary>
    internal ReviewConsoleFactory(string dataPath)
    {
        DataPath = dataPath;

        // Real models, shared by every host of the test run; imported once.
        ModelCache.EnsureImportedAsync().GetAwaiter().GetResult();
        UseKestrel(0);
    }

    /// <summary>The host's data folder (SQLite file, image blobs, keys).</summary>
    public string DataPath { get; }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        }
    }

    /// <summary>Sets a configuration value before the host starts (e.g. a lower upload limit).</summary>
    public ReviewConsoleFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataPath", DataPath);
        builder.UseSetting("Storage:ModelsPath", ModelCache.Folder);
        builder.UseSetting("Scoring:PendingScanInterval", "00:00:00.250");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>An HTTP client on the real server presenting <paramref name="apiKey"/>, if given.</summary>
    public HttpClient CreateApiClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Creates a source through the same service the admin page uses.</summary>
    public async Task<SourceCredentials> CreateSourceAsync(string? name = null, int requestsPerMinute = Source.DefaultRequestsPerMinute)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SourceAdministration>()
            .CreateAsync(name ?? $"source-{Guid.NewGuid():N}", requestsPerMinute);
    }

    /// <summary>Creates a user with a role through the same service the <c>users add</c> verb uses.</summary>
    public async Task CreateUserAsync(string email, string password, string role)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddOrUpdateAsync(email, password, role, resetExisting: true);
        Assert.True(result.Succeeded, result.Error);
    }

    /// <summary>Runs <paramref name="query"/> against a fresh context on the host's database.</summary>
    public async Task<T> QueryAsync<T>(Func<ReviewDbContext, Task<T>> query)
    {
        StartServer();
        await using var db = await Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>How many image rows and stored blobs exist now: bad uploads must change neither.</summary>
    public async Task<(int Rows, int Blobs)> CountStoredAsync()
    {
        var rows = await QueryAsync(db => db.Images.CountAsync());
        var images = Services.GetRequiredService<DataPaths>().Images;
        var blobs = Directory.Exists(images) ? Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories).Count() : 0;
        return (rows, blobs);
    }

    /// <summary>Leaves the data folder in place on dispose, for a restart test's next host.</summary>
    public bool KeepData { get; set; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment on slow machines; temp folders are cleaned by the OS.
        }
    }
}

/// <summary>Tests in this collection share one running host.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<ReviewConsoleFactory>
{
    public const string Name = "web";
}
