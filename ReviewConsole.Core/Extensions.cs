using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Core.Scoring.Pipeline;
using ReviewConsole.Core.Scoring.Text;
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
        var root = builder.Environment.ContentRootPath;
        var paths = new DataPaths(
            Path.GetFullPath(storage.DataPath, root),
            storage.ModelsPath is { Length: > 0 } models ? Path.GetFullPath(models, root) : null);
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

        services.AddScoped<AuditActorContext>();
        services.AddScoped<AuditLog>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<ReviewPreferences>();
        services.AddScoped<DatabaseMigrator>();
        services.AddSingleton<IImageStore, FileSystemImageStore>();
        services.AddScoped<ImageIngestor>();
        services.AddScoped<SubmissionQueries>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddScoped<SourceAdministration>();

        AddScoring(services);
        AddWebhooks(services);
        AddReview(services);
        AddExports(services);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<ModelsHealthCheck>("models", HealthStatus.Unhealthy, [ReadyTag]);
        return builder;
    }

    /// <summary>Webhooks: a durable outbox written with each decision, sent by a background dispatcher.</summary>
    private static void AddWebhooks(IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookOutbox>();
        services.AddScoped<WebhookAdministration>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ReviewConsole-Webhooks/1");
            })
            // The registered URL is the target: a redirect is answered like a failure, not followed.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<WebhookDispatcher>();
    }

    /// <summary>Review queues: leased claims, append-only decisions, queue summaries and live change notices.</summary>
    private static void AddReview(IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReviewEvents>();
        services.AddSingleton<IReviewEvents>(sp => sp.GetRequiredService<ReviewEvents>());
        services.AddSingleton<ReviewWorkbench>();
        services.AddSingleton<ReviewQueueSummaries>();
        services.AddSingleton<GoldItems>();
        services.AddOptions<Reports.ReportOptions>().BindConfiguration(Reports.ReportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Reports.ReportRollups>();
        services.AddHostedService<Reports.ReportRollupJob>();
        services.AddSingleton<Reports.ReviewReports>();
        services.AddHostedService<ReviewTaskSweeper>();
        services.AddSingleton<ReviewQueueBoard>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewQueueBoard>());
        services.AddOptions<NearDuplicateOptions>().BindConfiguration(NearDuplicateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NearDuplicates>();
        services.AddHostedService<NearDuplicatesLoader>();
        services.AddSingleton<ReviewItems>();
    }

    /// <summary>Feedback from integrating apps, and retraining exports of the labelled images.</summary>
    private static void AddExports(IServiceCollection services)
    {
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImageFeedbackIntake>();
        services.AddSingleton<ModeratorPseudonyms>();
        services.AddSingleton<RetrainingExporter>();
    }

    /// <summary>Policies, disallow lists and the scoring pipeline with its background workers.</summary>
    private static void AddScoring(IServiceCollection services)
    {
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NsfwOptions>().BindConfiguration(NsfwOptions.SectionName)
            .Validate(o => Succeeds(o.Validate), "The Nsfw section is invalid (model name, batch size 1-256, threads 0-256).").ValidateOnStart();
        services.AddOptions<TextOptions>().BindConfiguration(TextOptions.SectionName)
            .Validate(o => o.Validate().Count == 0, "The Text section is invalid (thresholds 0-1, limit side >= 32, counts >= 1).").ValidateOnStart();
        services.AddOptions<TextRulesOptions>().BindConfiguration(TextRulesOptions.SectionName);
        services.AddMetrics();

        services.AddScoped<PolicyStore>();
        services.AddScoped<PolicyTraffic>();
        services.AddScoped<DisallowLists>();
        services.AddSingleton<DisallowListIndex>();
        services.AddSingleton<ImageHasher>();
        services.AddSingleton<ScoringModels>();
        services.AddSingleton(sp =>
        {
            var scoring = sp.GetRequiredService<IOptions<ScoringOptions>>().Value;
            return new PixelDecoders(
                new VipsImageDecoder(new DecodingOptions { MaxSide = scoring.DecodeMaxSide, SampledFrames = scoring.SampledFrames }),
                new VipsImageDecoder(new DecodingOptions { MaxSide = scoring.TextDecodeMaxSide, SampledFrames = scoring.SampledFrames }));
        });
        services.AddSingleton<INsfwStage>(sp => new NsfwStage(sp.GetRequiredService<ScoringModels>())
        {
            BatchSize = sp.GetRequiredService<IOptions<NsfwOptions>>().Value.BatchSize,
        });
        services.AddSingleton<ITextStage, TextStage>();
        services.AddSingleton<IPdqStage, PdqStage>();
        services.AddSingleton<IListStage, ListStage>();
        services.AddSingleton<ScoringMetrics>();
        services.AddSingleton<ScoringPipeline>();
        services.AddSingleton<ImageScorer>();
        services.AddSingleton<ScoringQueue>();
        services.AddSingleton<DecisionNotifier>();
        services.AddHostedService<ScoringWorker>();
    }

    private static bool Succeeds(Action validate)
    {
        try
        {
            validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
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
