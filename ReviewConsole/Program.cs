using ReviewConsole;
using ReviewConsole.Cli;
using ReviewConsole.Core;

var builder = WebApplication.CreateBuilder(args);
CommandLine.ConfigureHost(builder, args);
builder.AddReviewConsoleCore();
builder.AddReviewConsoleWeb();

var app = builder.Build();

// A verb (migrate, users add, sources add, seed-demo, ...) runs against the configured host and exits.
if (CommandLine.HasVerb(args))
{
    return await CommandLine.RunAsync(app, args);
}

await app.PrepareDatabaseAsync();
app.MapReviewConsole();
await app.RunAsync();
return 0;

/// <summary>The web host; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
