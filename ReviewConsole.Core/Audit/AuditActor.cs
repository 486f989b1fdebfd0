using System.Security.Claims;

namespace ReviewConsole.Core.Audit;

/// <summary>Who made a change: an id to filter on and a name to read.</summary>
public sealed record AuditActor(string Id, string Name)
{
    /// <summary>The console itself (seeding, migrations).</summary>
    public static AuditActor System { get; } = new("system", "system");

    /// <summary>Someone at the server's command line, whose identity the console cannot know.</summary>
    public static AuditActor CommandLine { get; } = new("cli", "command line");

    /// <summary>
    /// The signed-in user (id and e-mail) or the API key's source (id and name); a principal with
    /// neither id claim goes by its name. Null for an anonymous principal.
    /// </summary>
    public static AuditActor? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("rc:source") ?? principal.Identity.Name;
        var name = principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name ?? id;
        return id is null ? null : new AuditActor(id, name ?? id);
    }
}

/// <summary>
/// The actor of the current scope: the services that audit their changes read it. A request's scope
/// starts with its principal; a Blazor page sets it on the scope it creates (a circuit has no request).
/// </summary>
public sealed class AuditActorContext
{
    /// <summary>Who the changes in this scope are attributed to. Defaults to <see cref="AuditActor.System"/>.</summary>
    public AuditActor Actor { get; set; } = AuditActor.System;
}
