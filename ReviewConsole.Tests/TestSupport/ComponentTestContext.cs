using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// A bUnit context with MudBlazor and the console's real authorisation policies, so role checks in
/// components are evaluated exactly as in the host (not by bUnit's policy stand-ins).
/// </summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddConsoleAuthorization();

        // bUnit registers throwing placeholders for these; the real ones evaluate the real policies.
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(_ => new FixedAuthenticationStateProvider(User));
    }

    /// <summary>The signed-in user the components see; anonymous unless <see cref="SignInAs"/> was called.</summary>
    protected ClaimsPrincipal User { get; private set; } = new(new ClaimsIdentity());

    protected void SignInAs(string name, params string[] roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.NameIdentifier, name) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        User = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
