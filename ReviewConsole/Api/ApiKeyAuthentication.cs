using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Api;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string SourceIdClaim = "rc:source";
    public const string RateLimitClaim = "rc:rpm";
}

/// <summary>Authenticates integrating apps by the <c>X-Api-Key</c> header; failures answer RFC 9457 problem details.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var source = await authenticator.AuthenticateAsync(values.ToString().Trim(), Context.RequestAborted);
        if (source is null)
        {
            return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ApiKeyDefaults.SourceIdClaim, source.SourceId.ToString()),
                new Claim(ClaimTypes.Name, source.Name),
                new Claim(ApiKeyDefaults.RateLimitClaim, source.RequestsPerMinute.ToString(CultureInfo.InvariantCulture)),
            ],
            ApiKeyDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(ApiKeyDefaults.HeaderName);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = ApiKeyDefaults.Scheme;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = presented ? "Invalid API key" : "Missing API key",
                Detail = presented
                    ? "The X-Api-Key header does not hold a valid, unrevoked key."
                    : "Send the source's key in the X-Api-Key header.",
            },
        });
    }
}

internal static class ApiKeyAuthenticationExtensions
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        return services;
    }

    /// <summary>The authenticated source's id; only valid behind the <see cref="AuthorizationPolicies.ApiClient"/> policy.</summary>
    public static Guid SourceId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyDefaults.SourceIdClaim) ?? throw new InvalidOperationException("Not an API client."));
}
