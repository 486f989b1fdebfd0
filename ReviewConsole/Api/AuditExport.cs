using System.Globalization;
using Microsoft.Net.Http.Headers;
using ReviewConsole.Core.Audit;

namespace ReviewConsole.Api;

/// <summary>The audit page's CSV download: the filtered trail, for signed-in admins and supervisors (cookie), not API keys.</summary>
internal static class AuditExport
{
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/export.csv", ExportAsync).RequireAuthorization(AuthorizationPolicies.Supervisor).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The query string the audit page builds for its current filter.</summary>
    public static string QueryOf(AuditFilter filter)
    {
        var parts = new List<string>();
        Add(parts, "actor", filter.Actor);
        Add(parts, "type", filter.Type);
        Add(parts, "from", filter.From?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture));
        Add(parts, "to", filter.To?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, AuditLog log, string? actor, string? type, string? from, string? to, CancellationToken cancellationToken)
    {
        if (!TryParse(from, out var fromAt) || !TryParse(to, out var toAt))
        {
            return TypedResults.Problem(
                title: "Invalid time range",
                detail: "'from' and 'to' are ISO 8601 date-times, e.g. 2026-01-31T00:00:00Z.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var filter = new AuditFilter(Blank(actor), Blank(type), fromAt, toAt);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"audit-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
        await log.WriteCsvAsync(filter, writer, cancellationToken);
        return TypedResults.Empty;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryParse(string? value, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            at = parsed;
            return true;
        }

        return false;
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
