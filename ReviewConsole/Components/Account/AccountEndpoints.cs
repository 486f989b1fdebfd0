using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a POST (with the antiforgery token the form carries), never a GET link.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async (SignInManager<ApplicationUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
        return endpoints;
    }
}
