using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using ReviewConsole.Api;
using ReviewConsole.Components;
using ReviewConsole.Components.Account;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Exports;
using ReviewConsole.Health;
using ReviewConsole.Hubs;
using ReviewConsole.Media;
using ReviewConsole.Reports;

namespace ReviewConsole;

/// <summary>The web host's registration and pipeline, so that Program.cs stays a table of contents.</summary>
public static class Extensions
{
    /// <summary>Registers the console UI, cookie sign-in, the API's key authentication and rate limits, and OpenAPI.</summary>
    public static WebApplicationBuilder AddReviewConsoleWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Serve MudBlazor's and the framework's assets from the build output in every environment,
        // not only Development, so an unpublished build (scripts, tests) renders like a published one.
        builder.WebHost.UseStaticWebAssets();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "ReviewConsole.Auth";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddApiKeyAuthentication();
        services.AddConsoleAuthorization();
        services.AddReviewHub();
        services.AddReportsWeb();

        services.AddProblemDetails();
        services.AddApiRateLimiting();
        services.AddOpenApi();
        services.AddHttpContextAccessor();
        services.AddSingleton<ExportJobs>();

        // A request's changes are its principal's (an admin's cookie, an API key's source); the admin
        // pages set the actor on the scopes they create, since a circuit has no request.
        services.AddScoped(sp => new AuditActorContext
        {
            Actor = AuditActor.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User) ?? AuditActor.System,
        });

        // Uploads are read by the API itself under the configured limit; the server-wide cap only
        // needs to leave room for that plus the form's text fields.
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>, KestrelLimitsSetup>();
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = long.MaxValue);
        return builder;
    }

    /// <summary>Applies migrations (when configured) and creates the roles before the host serves.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }
    }

    /// <summary>The request pipeline and every endpoint: UI, account, API, media, health and OpenAPI.</summary>
    public static WebApplication MapReviewConsole(this WebApplication app)
    {
        // The API answers problem details; the console shows its error page.
        app.UseWhen(ctx => IsApiRequest(ctx.Request), api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(ctx => !IsApiRequest(ctx.Request), ui =>
        {
            ui.UseExceptionHandler("/Error", createScopeForErrors: true);
            ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        });

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapImagesApi();
        app.MapListsApi();
        app.MapAuditExport();
        app.MapMediaEndpoints();
        app.MapReviewHub();
        app.MapExportEndpoints();
        app.MapReportEndpoints();
        app.MapHealthEndpoints();
        app.MapOpenApi();
        return app;
    }

    // Hub requests come from script and the .NET client, which want a status, not an HTML error page.
    private static bool IsApiRequest(HttpRequest request) =>
        ReviewHubExtensions.IsHubRequest(request) || request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/readyz");
}
