using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Api;

/// <summary>
/// The integrating apps' disallow-list endpoints: add an entry (an image or its hashes), remove one,
/// and match an image against a list. Lists themselves are created and configured by admins in the
/// console; any API key may add to and remove from any list, and the entry records its source as
/// <c>addedBy</c>.
/// </summary>
internal static class Lists
{
    private const long MaxJsonBytes = 64 * 1024;
    private static readonly string[] HashFields = ["sha256", "pdq", "quality", "note"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/lists/{list}")
            .RequireAuthorization(AuthorizationPolicies.ApiClient)
            .RequireRateLimiting(RateLimiting.PerSourcePolicy)
            .WithTags("Lists")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/entries", AddEntryAsync)
            .WithName("AddListEntry")
            .WithSummary("Add an entry: multipart 'file' (an image, hashed here), or sha256 and/or pdq (64 hex, optional quality 0-100) as JSON or form fields; optional note.")
            .Accepts<ListEntryRequest>("application/json", "multipart/form-data", "application/x-www-form-urlencoded")
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/entries/{id:long}", GetEntryAsync).WithName("GetListEntry").WithSummary("Read one entry of the list.");
        group.MapDelete("/entries/{id:long}", RemoveEntryAsync).WithName("RemoveListEntry").WithSummary("Remove an entry from the list.");
        group.MapPost("/match", MatchAsync)
            .WithName("MatchList")
            .WithSummary("Match an image (multipart 'file') or hashes (sha256 and/or pdq) against this list: exact SHA-256, or PDQ within the list's threshold.")
            .Accepts<ListEntryRequest>("application/json", "multipart/form-data", "application/x-www-form-urlencoded")
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        // The console's download of a list; it lives here, beside the API that writes lists, but is
        // for signed-in admins (cookie), not API keys.
        endpoints.MapGet("/admin/lists/{list}/export", ExportAsync).RequireAuthorization(AuthorizationPolicies.Admin).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Results<Created<ListEntryResponse>, ProblemHttpResult>> AddEntryAsync(
        string list,
        HttpRequest request,
        ClaimsPrincipal user,
        DisallowLists lists,
        ImageHasher hasher,
        IOptions<IngestionOptions> options,
        CancellationToken cancellationToken)
    {
        if (await lists.FindAsync(list, cancellationToken) is null)
        {
            return ListNotFound(list);
        }

        var (input, error) = await ReadInputAsync(request, hasher, options.Value, cancellationToken);
        if (input is null)
        {
            return Problem(error!);
        }

        var entry = await lists.AddEntryAsync(list, input.Sha256, input.Pdq, input.PdqQuality, null, user.Identity?.Name ?? "api", input.Note, cancellationToken);
        return TypedResults.Created($"/api/v1/lists/{list}/entries/{entry.Id}", ListEntryResponse.From(entry, list));
    }

    private static async Task<Results<Ok<ListEntryResponse>, ProblemHttpResult>> GetEntryAsync(string list, long id, DisallowLists lists, CancellationToken cancellationToken) =>
        await lists.FindEntryAsync(list, id, cancellationToken) is { } entry
            ? TypedResults.Ok(ListEntryResponse.From(entry, list))
            : EntryNotFound(list, id);

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveEntryAsync(string list, long id, DisallowLists lists, CancellationToken cancellationToken) =>
        await lists.RemoveEntryAsync(list, id, cancellationToken) ? TypedResults.NoContent() : EntryNotFound(list, id);

    private static async Task<Results<Ok<ListMatchResponse>, ProblemHttpResult>> MatchAsync(
        string list,
        HttpRequest request,
        DisallowLists lists,
        ImageHasher hasher,
        IOptions<IngestionOptions> options,
        CancellationToken cancellationToken)
    {
        if (await lists.FindAsync(list, cancellationToken) is null)
        {
            return ListNotFound(list);
        }

        var (input, error) = await ReadInputAsync(request, hasher, options.Value, cancellationToken);
        if (input is null)
        {
            return Problem(error!);
        }

        var matches = await lists.MatchAsync(list, input.Sha256, input.Pdq, input.PdqQuality, cancellationToken);
        if (matches is null)
        {
            return ListNotFound(list);
        }

        return TypedResults.Ok(new ListMatchResponse(
            input.Sha256,
            input.Pdq?.ToString(),
            input.PdqQuality,
            [.. matches.Select(m => new ListMatchItem(m.EntryId, m.ListName, m.ExactSha256, m.Distance, m.Score))]));
    }

    private static async Task<IResult> ExportAsync(string list, HttpContext context, DisallowLists lists, CancellationToken cancellationToken)
    {
        if (await lists.FindAsync(list, cancellationToken) is null)
        {
            return Results.NotFound();
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = $"{list}.pdq.txt" }.ToString();
        await using var writer = new StreamWriter(context.Response.Body, leaveOpen: true);
        await lists.ExportAsync(list, writer, cancellationToken);
        return Results.Empty;
    }

    /// <summary>Hashes from an uploaded image (validated like a submission) or given by the caller.</summary>
    private static async Task<(HashInput? Input, IngestionError? Error)> ReadInputAsync(HttpRequest request, ImageHasher hasher, IngestionOptions limits, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType);
        var mediaType = contentType?.MediaType.Value ?? string.Empty;
        IReadOnlyDictionary<string, string?> fields;
        if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var form = await UploadReader.ReadAsync(request, limits.MaxUploadBytes, HashFields, fileRequired: false, cancellationToken);
            if (form.Error is not null)
            {
                return (null, form.Error);
            }

            if (form.File is not null)
            {
                if (form.Field("sha256") is not null || form.Field("pdq") is not null || form.Field("quality") is not null)
                {
                    return Malformed("File and hashes", "Send either a 'file' or hashes, not both.");
                }

                var hashed = hasher.Hash(form.File, cancellationToken);
                if (hashed.Hashes is not { } hashes)
                {
                    return (null, hashed.Error);
                }

                return CheckNote(new HashInput(hashes.Sha256, hashes.Pdq, hashes.PdqQuality, form.Field("note")));
            }

            fields = HashFields.ToDictionary(f => f, form.Field);
        }
        else if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(cancellationToken);
            fields = HashFields.ToDictionary(f => f, f => form.TryGetValue(f, out var value) ? value.ToString() : null);
        }
        else if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            if (request.ContentLength > MaxJsonBytes)
            {
                return (null, new IngestionError(IngestionErrorKind.TooLarge, "Body too large", $"A JSON body is at most {MaxJsonBytes} bytes."));
            }

            ListEntryRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<ListEntryRequest>(request.Body, Json, cancellationToken);
            }
            catch (JsonException)
            {
                return Malformed("Malformed JSON", "The body is not a JSON object with sha256, pdq, quality and note.");
            }

            fields = new Dictionary<string, string?>
            {
                ["sha256"] = body?.Sha256,
                ["pdq"] = body?.Pdq,
                ["quality"] = body?.Quality?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["note"] = body?.Note,
            };
        }
        else
        {
            return (null, new IngestionError(IngestionErrorKind.UnsupportedFormat, "Unsupported content type", "Send multipart/form-data (an image or hash fields), form fields or JSON."));
        }

        return ParseHashes(fields);
    }

    private static (HashInput?, IngestionError?) ParseHashes(IReadOnlyDictionary<string, string?> fields)
    {
        var sha256 = NullIfBlank(fields["sha256"]);
        var pdqText = NullIfBlank(fields["pdq"]);
        var qualityText = NullIfBlank(fields["quality"]);
        if (sha256 is null && pdqText is null)
        {
            return Malformed("Missing image or hash", "Send a 'file', or a 'sha256' and/or 'pdq' hash.");
        }

        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            return Malformed("Invalid sha256", "sha256 is 64 hexadecimal digits.");
        }

        PdqHash? pdq = null;
        if (pdqText is not null)
        {
            if (!PdqHash.TryParse(pdqText, out var parsed))
            {
                return Malformed("Invalid pdq", $"pdq is {PdqHash.HexLength} hexadecimal digits.");
            }

            pdq = parsed;
        }

        int? quality = null;
        if (qualityText is not null)
        {
            if (pdq is null)
            {
                return Malformed("Quality without pdq", "quality describes a pdq hash; send it with one.");
            }

            if (!int.TryParse(qualityText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var q) || q > 100)
            {
                return Malformed("Invalid quality", "quality is a whole number from 0 to 100.");
            }

            quality = q;
        }

        return CheckNote(new HashInput(sha256?.ToLowerInvariant(), pdq, quality, fields["note"]));
    }

    private static (HashInput?, IngestionError?) CheckNote(HashInput input) =>
        input.Note?.Length > DisallowListEntry.NoteMaxLength
            ? Malformed("Note too long", $"note is at most {DisallowListEntry.NoteMaxLength} characters.")
            : (input with { Note = NullIfBlank(input.Note) }, null);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static (HashInput?, IngestionError?) Malformed(string title, string detail) =>
        (null, new IngestionError(IngestionErrorKind.Malformed, title, detail));

    private static ProblemHttpResult ListNotFound(string list) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "List not found", detail: $"There is no list named '{list}'.");

    private static ProblemHttpResult EntryNotFound(string list, long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Entry not found", detail: $"List '{list}' has no entry {id}.");

    /// <summary>Refusals become RFC 9457 problem details; the same status codes as an image submission.</summary>
    private static ProblemHttpResult Problem(IngestionError error) => TypedResults.Problem(
        statusCode: error.Kind switch
        {
            IngestionErrorKind.Malformed => StatusCodes.Status400BadRequest,
            IngestionErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            IngestionErrorKind.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
            IngestionErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status400BadRequest,
        },
        title: error.Title,
        detail: error.Detail);

    private sealed record HashInput(string? Sha256, PdqHash? Pdq, int? PdqQuality, string? Note);
}

/// <summary>Hashes of a banned image, as JSON or form fields.</summary>
/// <param name="Sha256">64 hex digits: matches identical bytes.</param>
/// <param name="Pdq">64 hex digits: matches similar images within the list's threshold.</param>
/// <param name="Quality">The PDQ hash's quality, 0-100; below 50 it matches by SHA-256 only. Defaults to 100.</param>
/// <param name="Note">Why the entry is there, at most 1000 characters.</param>
internal sealed record ListEntryRequest(string? Sha256, string? Pdq, int? Quality, string? Note);

/// <summary>A list entry as the API shows it.</summary>
internal sealed record ListEntryResponse(long Id, string List, string? Sha256, string? Pdq, int? PdqQuality, string AddedBy, DateTimeOffset AddedAt, string? Note)
{
    public static ListEntryResponse From(DisallowListEntry entry, string list) =>
        new(entry.Id, list, entry.Sha256, entry.Pdq, entry.PdqQuality, entry.AddedBy, entry.AddedAt, entry.Note);
}

/// <summary>The hashes matched and every entry of the list they match, closest first.</summary>
internal sealed record ListMatchResponse(string? Sha256, string? Pdq, int? PdqQuality, IReadOnlyList<ListMatchItem> Matches);

/// <summary>One matching entry: exact SHA-256 (distance 0), or the PDQ distance; score as in the <c>disallowed</c> category.</summary>
internal sealed record ListMatchItem(long EntryId, string List, bool ExactSha256, int Distance, double Score);
