using Bunit;
using ReviewConsole.Components.Layout;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Layout;

public sealed class NavMenuTests : ComponentTestContext
{
    private static readonly string[] ConsoleLinks = ["nav-dashboard", "nav-images"];
    private static readonly string[] AdminLinks = ["nav-sources", "nav-lists", "nav-users", "nav-webhooks"];

    [Theory]
    [InlineData(Roles.Moderator)]
    [InlineData(Roles.Supervisor)]
    public void ShowsConsoleLinksButNoAdministrationGivenNonAdminRole(string role)
    {
        SignInAs("someone@example.org", role);

        var menu = Render<NavMenu>();

        Assert.Equal(ConsoleLinks, LinksIn(menu).Where(l => l != "nav-reports"));
        Assert.DoesNotContain("Administration", menu.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Moderator, false)]
    [InlineData(Roles.Admin, false)]
    public void ShowsTheReportsLinkToSupervisorsOnly(string role, bool shown)
    {
        SignInAs("someone@example.org", role);

        var menu = Render<NavMenu>();

        Assert.Equal(shown, LinksIn(menu).Contains("nav-reports"));
    }

    [Fact]
    public void ShowsAdministrationLinksGivenAdminRole()
    {
        SignInAs("admin@example.org", Roles.Admin);

        var menu = Render<NavMenu>();

        Assert.Equal([.. ConsoleLinks, .. AdminLinks], LinksIn(menu));
    }

    [Fact]
    public void ShowsNothingGivenSignedInUserWithoutConsoleRole()
    {
        SignInAs("stranger@example.org");

        var menu = Render<NavMenu>();

        Assert.Empty(LinksIn(menu));
    }

    private static string[] LinksIn(IRenderedComponent<NavMenu> menu) =>
        [.. menu.FindAll("[data-testid^='nav-']").Select(e => e.GetAttribute("data-testid")!).Where(id => id != "nav-menu")];
}
