using Bunit;
using ReviewConsole.Components.Layout;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Layout;

public sealed class NavMenuTests : ComponentTestContext
{
    private static readonly string[] ConsoleLinks = ["nav-dashboard", "nav-queues", "nav-images"];
    private static readonly string[] SupervisionLinks = ["nav-reports", "nav-exports", "nav-audit"];
    private static readonly string[] AdminLinks = ["nav-sources", "nav-lists", "nav-users", "nav-webhooks", "nav-policies"];

    [Fact]
    public void ShowsOnlyConsoleLinksGivenModeratorRole()
    {
        SignInAs("someone@example.org", Roles.Moderator);

        var menu = Render<NavMenu>();

        Assert.Equal(ConsoleLinks, LinksIn(menu));
        Assert.DoesNotContain("Administration", menu.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Supervision", menu.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsSupervisionButNoAdministrationGivenSupervisorRole()
    {
        SignInAs("someone@example.org", Roles.Supervisor);

        var menu = Render<NavMenu>();

        Assert.Equal([.. ConsoleLinks, .. SupervisionLinks], LinksIn(menu));
        Assert.DoesNotContain("Administration", menu.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsAdministrationLinksGivenAdminRole()
    {
        SignInAs("admin@example.org", Roles.Admin);

        var menu = Render<NavMenu>();

        // The Supervisor policy admits admins too.
        Assert.Equal([.. ConsoleLinks, .. SupervisionLinks, .. AdminLinks], LinksIn(menu));
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
