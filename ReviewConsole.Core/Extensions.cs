using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Storage;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Core;

/// <summary>The one registration entry point of the core.</summary>
public static class Extensions
{
    /// <summary>Tag of the health checks that decide readiness (<c>/readyz</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers persistence, identity stores, storage, ingestion and sources, with validated options.</summary>
    public static IHostApplicationBuilder AddReviewConsoleCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Paths are needed while registering (data protection, the SQLite file), so they are resolved now.
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var paths = new DataPaths(Path.GetFullPath(storage.DataPath, builder.Environment.ContentRootPath));
        services.AddSingleton(paths);
        services.AddSingleton<DataPathsInitializer>();
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();

        services.AddDataProtection()
            .SetApplicationName("ReviewConsole")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.Keys));

        AddDatabase(builder, paths);

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ReviewDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddScoped<UserAdministration>();
        services.AddScoped<DatabaseMigrator>();
        services.AddSingleton<IImageStore, FileSystemImageStore>();
        services.AddScoped<ImageIngestor>();
        services.AddScoped<SubmissionQueries>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddScoped<SourceAdministration>();

        // Webhooks: a durable outbox written with each decision, sent by a background dispatcher.
        services.AddOptions<Notifications.WebhookOptions>().BindConfiguration(Notifications.WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<Notifications.WebhookMetrics>();
        services.AddSingleton<Notifications.WebhookOutbox>();
        services.AddScoped<Notifications.WebhookAdministration>();
        services.AddHttpClient(Notifications.WebhookDispatcher.HttpClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Notifications.WebhookOptions>>().Value.RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ReviewConsole-Webhooks/1");
            })
            // The registered URL is the target: a redirect is answered like a failure, not followed.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<Notifications.WebhookDispatcher>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag]);
        return builder;
    }

    private static void AddDatabase(IHostApplicationBuilder builder, DataPaths paths)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString ??= $"Data Source={paths.SqliteDatabase};Cache=Private;Pooling=True";
                AddContext<SqliteReviewDbContext>(builder.Services, db => db
                    .UseSqlite(connectionString)
                    .AddInterceptors(new SqlitePragmaInterceptor()));
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set.");
                }

                AddContext<SqlServerReviewDbContext>(builder.Services, db => db
                    .UseSqlServer(connectionString));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'; expected Sqlite or SqlServer.");
        }
    }

    /// <summary>
    /// Registers the provider's context behind <see cref="ReviewDbContext"/>: scoped for requests, and a
    /// pooled factory for Blazor circuits and background work, which outlive any one request.
    /// </summary>
    private static void AddContext<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : ReviewDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddSingleton<IDbContextFactory<ReviewDbContext>>(sp => new ReviewDbContextFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped<ReviewDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
    }
}
