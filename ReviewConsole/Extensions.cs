using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using ReviewConsole.Api;
using ReviewConsole.Components;
using ReviewConsole.Components.Account;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Health;
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
        services.AddReportsWeb();

        services.AddProblemDetails();
        services.AddApiRateLimiting();
        services.AddOpenApi();
        services.AddHttpContextAccessor();

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
        app.MapMediaEndpoints();
        app.MapReportEndpoints();
        app.MapHealthEndpoints();
        app.MapOpenApi();
        return app;
    }

    private static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/readyz");
}
