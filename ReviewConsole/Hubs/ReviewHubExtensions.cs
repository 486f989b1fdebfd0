using Microsoft.AspNetCore.Identity;

namespace ReviewConsole.Hubs;

/// <summary>Registration and mapping of the live review hub.</summary>
public static class ReviewHubExtensions
{
    /// <summary>SignalR, the hub's bridge from the review domain, and 401 (not a login redirect) for hub requests without a sign-in.</summary>
    public static IServiceCollection AddReviewHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<ReviewHubBridge>();

        // A non-browser client (the .NET SignalR client) must see "unauthorised", not follow a redirect
        // to the sign-in page and fail on its HTML; a browser page never navigates to the hub itself.
        services.ConfigureApplicationCookie(options =>
        {
            var toLogin = options.Events.OnRedirectToLogin;
            var toDenied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context => IsHubRequest(context.Request) ? Refuse(context.Response, StatusCodes.Status401Unauthorized) : toLogin(context);
            options.Events.OnRedirectToAccessDenied = context => IsHubRequest(context.Request) ? Refuse(context.Response, StatusCodes.Status403Forbidden) : toDenied(context);
        });
        return services;
    }

    /// <summary>Maps <see cref="ReviewHub"/> at <see cref="ReviewHub.Path"/> for console users only.</summary>
    public static IEndpointRouteBuilder MapReviewHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ReviewHub>(ReviewHub.Path).RequireAuthorization(AuthorizationPolicies.Console);
        return endpoints;
    }

    /// <summary>Requests to any hub (negotiate, long polling, the WebSocket upgrade).</summary>
    public static bool IsHubRequest(HttpRequest request) => request.Path.StartsWithSegments("/hubs");

    private static Task Refuse(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
