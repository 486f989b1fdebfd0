using System.Net;
using System.Text.RegularExpressions;

namespace ReviewConsole.Hubs;

/// <summary>
/// Signs a non-browser client (the .NET SignalR client of the bench and the tests) in the way a
/// browser does: GET the sign-in page for its antiforgery token and cookie, POST the form, keep the
/// sign-in cookie. The returned container goes to <c>HttpConnectionOptions.Cookies</c>.
/// </summary>
internal static partial class ConsoleSignIn
{
    public static async Task<CookieContainer> SignInAsync(Uri baseAddress, string email, string password, CancellationToken cancellationToken = default)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };

        var page = await client.GetStringAsync("Account/Login", cancellationToken);
        var token = AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        using var response = await client.PostAsync("Account/Login", form, cancellationToken);

        // Success redirects; a wrong password re-renders the form (200) without the sign-in cookie.
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            || cookies.GetCookies(baseAddress)["ReviewConsole.Auth"] is null)
        {
            throw new InvalidOperationException($"Signing in as {email} failed ({(int)response.StatusCode}).");
        }

        return cookies;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
