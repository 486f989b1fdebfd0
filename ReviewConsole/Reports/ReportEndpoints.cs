using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using ReviewConsole.Core.Reports;

namespace ReviewConsole.Reports;

/// <summary>
/// The reports' CSV downloads, <c>/reports/{table}.csv?from=&amp;to=</c>, for supervisors: the same
/// tables the page shows. Refusals are problem details (400 for a bad range, 404 for an unknown table).
/// </summary>
internal static class ReportEndpoints
{
    /// <summary>
    /// A signed-in user without the Supervisor role gets 403 on the reports (page and CSV), not the
    /// cookie handler's redirect to the access-denied page: a CSV client (a script, a spreadsheet)
    /// must see the refusal, and the page gives the same answer.
    /// </summary>
    public static IServiceCollection AddReportsWeb(this IServiceCollection services)
    {
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var redirect = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToAccessDenied = async context =>
            {
                if (!context.Request.Path.StartsWithSegments("/reports"))
                {
                    await redirect(context);
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(
                    title: "Forbidden",
                    detail: "The reports are for supervisors.",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/{table}.csv", async (string table, string? from, string? to, ReviewReports reports, TimeProvider clock, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!ReportTables.Names.Contains(table))
            {
                return Results.Problem(
                    title: "Unknown report table",
                    detail: $"There is no table '{table}'. Tables: {string.Join(", ", ReportTables.Names)}.",
                    statusCode: StatusCodes.Status404NotFound);
            }

            if (ReportRange.Parse(from, to, clock.GetUtcNow(), out var problem) is not { } range)
            {
                return Results.Problem(title: "Bad date range", detail: problem, statusCode: StatusCodes.Status400BadRequest);
            }

            var csv = (await reports.TableAsync(table, range, cancellationToken))!.ToCsv();
            var name = $"{table}-{range.From.UtcDateTime:yyyyMMddTHHmm}-{range.To.UtcDateTime:yyyyMMddTHHmm}.csv";
            context.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(AuthorizationPolicies.Supervisor);
        return endpoints;
    }
}
