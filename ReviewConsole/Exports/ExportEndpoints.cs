using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ReviewConsole.Exports;

/// <summary>The download of an export built on the Exports page, for the supervisor who built it.</summary>
internal static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Signed in is enough to reach the handler; the role is checked inside so that a moderator gets a
        // plain 403 instead of the cookie handler's redirect to the access-denied page, which a download
        // (a link, a script) would save as a zip.
        endpoints.MapGet("/exports/{id:guid}/download", async (Guid id, ClaimsPrincipal user, IAuthorizationService authorization, ExportJobs jobs) =>
        {
            if (!(await authorization.AuthorizeAsync(user, AuthorizationPolicies.Supervisor)).Succeeded)
            {
                // With a body, so the console's status-code page does not replace it with its "not found".
                return Results.Text("Your role does not give access to exports.", "text/plain", statusCode: StatusCodes.Status403Forbidden);
            }

            var job = user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId ? jobs.Downloadable(userId, id) : null;
            return job is null
                ? Results.NotFound()
                : Results.File(job.FilePath, "application/zip", job.FileName, enableRangeProcessing: true);
        }).RequireAuthorization(AuthorizationPolicies.Console).ExcludeFromDescription();
        return endpoints;
    }
}
