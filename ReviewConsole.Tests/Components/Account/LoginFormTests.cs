using Bunit;
using ReviewConsole.Components.Account;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Account;

public sealed class LoginFormTests : ComponentTestContext
{
    [Fact]
    public void ShowsBothMessagesAndDoesNotSubmitGivenEmptyForm()
    {
        LoginInput? submitted = null;
        var form = Render<LoginForm>(p => p.Add(f => f.OnLogin, input => submitted = input));

        form.Find("form").Submit();

        Assert.Null(submitted);
        var messages = form.FindAll(".login-validation").Select(e => e.TextContent).ToList();
        Assert.Contains("Enter your e-mail address.", messages);
        Assert.Contains("Enter your password.", messages);
    }

    [Fact]
    public void RejectsMalformedEmailGivenPassword()
    {
        LoginInput? submitted = null;
        var form = Render<LoginForm>(p => p.Add(f => f.OnLogin, input => submitted = input));

        form.Find("#login-email").Change("not-an-address");
        form.Find("#login-password").Change("correct horse battery");
        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Equal(["Enter a valid e-mail address."], form.FindAll(".login-validation").Select(e => e.TextContent));
    }

    [Fact]
    public void SubmitsInputGivenValidEmailAndPassword()
    {
        LoginInput? submitted = null;
        var form = Render<LoginForm>(p => p.Add(f => f.OnLogin, input => submitted = input));

        form.Find("#login-email").Change("moderator@example.org");
        form.Find("#login-password").Change("correct horse battery");
        form.Find("form").Submit();

        Assert.NotNull(submitted);
        Assert.Equal(("moderator@example.org", "correct horse battery"), (submitted.Email, submitted.Password));
        Assert.Empty(form.FindAll(".login-validation"));
    }

    [Fact]
    public void ShowsErrorGivenErrorParameter()
    {
        var form = Render<LoginForm>(p => p.Add(f => f.Error, "Wrong e-mail address or password."));

        Assert.Equal("Wrong e-mail address or password.", form.Find("[data-testid='login-error']").TextContent);
    }
}
