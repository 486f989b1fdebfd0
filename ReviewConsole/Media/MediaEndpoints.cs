using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Media;

/// <summary>
/// Serves originals to signed-in console users only. Originals are untrusted bytes, so the response
/// forbids sniffing and every kind of active content.
/// </summary>
internal static class MediaEndpoints
{
    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/media/images/{id:guid}", async (Guid id, ReviewDbContext db, IImageStore store, HttpContext context, CancellationToken cancellationToken) =>
        {
            var image = await db.Images.AsNoTracking()
                .Where(i => i.Id == id)
                .Select(i => new { i.Sha256, i.Format })
                .FirstOrDefaultAsync(cancellationToken);
            var stream = image is null ? null : store.OpenRead(image.Sha256);
            if (stream is null)
            {
                return Results.NotFound();
            }

            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            headers.CacheControl = "private, max-age=3600";
            return Results.Stream(stream, image!.Format.ToMediaType(), entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{image.Sha256}\""));
        }).RequireAuthorization(AuthorizationPolicies.Console);
        return endpoints;
    }
}
