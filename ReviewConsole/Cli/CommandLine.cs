using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Cli;

/// <summary>
/// The host's verbs. Each runs against the fully configured host (same configuration, same
/// services) and returns an exit code: 0 on success, else non-zero with one line on stderr.
/// </summary>
internal static class CommandLine
{
    public static bool HasVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    /// <summary>With a verb, stdout carries only the verb's output (e.g. the JSON of <c>sources add</c>); logs go to stderr.</summary>
    public static void ConfigureHost(WebApplicationBuilder builder, string[] args)
    {
        if (HasVerb(args))
        {
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var verb = args[0];
        var options = VerbOptions.Parse(args.Skip(1));
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;

            // Whoever runs a verb has shell access, not a console account: the log names the OS user.
            services.GetRequiredService<AuditActorContext>().Actor = new AuditActor($"cli:{Environment.UserName}", $"command line ({Environment.UserName})");
            switch (verb, options.Sub)
            {
                case ("migrate", null):
                    await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                    Console.WriteLine("Database is up to date.");
                    return 0;
                case ("users", "add"):
                    return await AddUserAsync(services, options);
                case ("sources", "add"):
                    return await AddSourceAsync(services, options);
                case ("models", "import"):
                    return await ModelsVerb.ImportAsync(services, app.Configuration, args);
                case ("lists", _):
                    return await ListsVerb.RunAsync(services, options);
                case ("export", _):
                    return await ExportVerb.RunAsync(services, args.Skip(1));
                case ("seed-demo", null):
                    return await DemoSeed.RunAsync(services);
                case ("bench", "ingest"):
                    return await Bench.IngestBenchmark.RunAsync(app, options);
                case ("bench", "pipeline"):
                    return await Bench.PipelineBenchmark.RunAsync(app, options);
                case ("bench", "stages"):
                    return await Bench.StagesBenchmark.RunAsync(services, options);
                case ("bench", "claims"):
                    return await Bench.ClaimBench.RunAsync(app, options);
                case ("bench", "signalr"):
                    return await Bench.SignalRBench.RunAsync(app, options);
                case ("bench", "workbench"):
                    return await Bench.WorkbenchBench.RunAsync(app, options);
                case ("bench", "export"):
                    return await Bench.ExportBench.RunAsync(app, options);
                case ("bench", "reports"):
                    return await Bench.ReportsBench.RunAsync(options);
                default:
                    return Fail($"Unknown verb '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))}'. Verbs: migrate, models import, users add, sources add, lists import, lists export, export, seed-demo, bench ingest, bench pipeline, bench stages, bench claims, bench signalr, bench workbench, bench export, bench reports.");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ex.GetBaseException().Message);
        }
    }

    private static async Task<int> AddUserAsync(IServiceProvider services, VerbOptions options)
    {
        if (options.Get("email") is not { } email || options.Get("password") is not { } password || options.Get("role") is not { } role)
        {
            return Fail("Usage: users add --email E --password P --role Admin|Supervisor|Moderator");
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var result = await services.GetRequiredService<UserAdministration>().AddOrUpdateAsync(email, password, role, resetExisting: false);
        if (!result.Succeeded)
        {
            return Fail(result.Error!);
        }

        Console.WriteLine($"Added {email} as {Roles.Normalize(role)}.");
        return 0;
    }

    private static async Task<int> AddSourceAsync(IServiceProvider services, VerbOptions options)
    {
        if (options.Get("name") is not { } name)
        {
            return Fail("Usage: sources add --name N [--rate-limit REQUESTS_PER_MINUTE]");
        }

        var perMinute = Source.DefaultRequestsPerMinute;
        if (options.Get("rate-limit") is { } raw && (!int.TryParse(raw, out perMinute) || perMinute <= 0))
        {
            return Fail("--rate-limit is a positive number of requests per minute.");
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var credentials = await services.GetRequiredService<SourceAdministration>().CreateAsync(name, perMinute);
        Console.WriteLine(JsonSerializer.Serialize(new { source = credentials.Source, apiKey = credentials.ApiKey, webhookSecret = credentials.WebhookSecret }));
        return 0;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return 1;
    }

    /// <summary>A verb's sub-verb (e.g. <c>add</c>) and its <c>--name value</c> options.</summary>
    internal sealed record VerbOptions(string? Sub, IReadOnlyDictionary<string, string> Values)
    {
        public string? Get(string name) => Values.TryGetValue(name, out var value) ? value : null;

        public static VerbOptions Parse(IEnumerable<string> rest)
        {
            var list = rest.ToList();
            string? sub = null;
            if (list.Count > 0 && !list[0].StartsWith('-'))
            {
                sub = list[0];
                list.RemoveAt(0);
            }

            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].StartsWith("--", StringComparison.Ordinal))
                {
                    var key = list[i][2..];
                    var eq = key.IndexOf('=');
                    if (eq > 0)
                    {
                        values[key[..eq]] = key[(eq + 1)..];
                    }
                    else if (i + 1 < list.Count)
                    {
                        values[key] = list[++i];
                    }
                }
            }

            return new VerbOptions(sub, values);
        }
    }
}
