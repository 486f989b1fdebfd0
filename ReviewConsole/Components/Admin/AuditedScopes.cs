using Microsoft.AspNetCore.Components.Authorization;
using ReviewConsole.Core.Audit;

namespace ReviewConsole.Components.Admin;

/// <summary>
/// Scopes for the admin pages' actions. A circuit has no request, so the scope cannot learn its user
/// from one: the page passes its authentication state and the scope's changes are audited as that user.
/// </summary>
internal static class AuditedScopes
{
    /// <summary>A new scope whose <see cref="AuditActorContext"/> is the page's signed-in user.</summary>
    public static async Task<AsyncServiceScope> CreateAuditedScopeAsync(this IServiceScopeFactory scopes, Task<AuthenticationState>? authenticationState)
    {
        var scope = scopes.CreateAsyncScope();
        if (authenticationState is not null && AuditActor.From((await authenticationState).User) is { } actor)
        {
            scope.ServiceProvider.GetRequiredService<AuditActorContext>().Actor = actor;
        }

        return scope;
    }
}
