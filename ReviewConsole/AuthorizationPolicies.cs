using ReviewConsole.Api;
using ReviewConsole.Core.Users;

namespace ReviewConsole;

/// <summary>Named authorisation policies; pages and endpoints refer to these, never to raw role lists.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Any signed-in console user (moderator, supervisor or admin).</summary>
    public const string Console = "console";

    public const string Admin = "admin";

    /// <summary>Supervisors and admins (reports, exports, QA, audit log).</summary>
    public const string Supervisor = "supervisor";

    /// <summary>An integrating app presenting a valid API key.</summary>
    public const string ApiClient = "api-client";

    /// <summary>Registers the policies: which roles each one admits.</summary>
    public static IServiceCollection AddConsoleAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Console, p => p.RequireRole(Roles.All))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Supervisor, p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .AddPolicy(ApiClient, p => p.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser());
        return services;
    }
}
