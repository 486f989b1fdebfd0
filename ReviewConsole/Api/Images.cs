using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Scoring.Pipeline;

namespace ReviewConsole.Api;

/// <summary>The integrating apps' image endpoints: submit, and read back status.</summary>
internal static class Images
{
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/images")
            .RequireAuthorization(AuthorizationPolicies.ApiClient)
            .RequireRateLimiting(RateLimiting.PerSourcePolicy)
            .WithTags("Images")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/", SubmitAsync)
            .WithName("SubmitImage")
            .WithSummary("Submit an image for moderation (multipart/form-data: file, externalId, policy, callbackUrl, metadata).")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetImage").WithSummary("Read one image's status.");
        group.MapGet("/", FindByExternalIdAsync).WithName("FindImages").WithSummary("Read the statuses of the images with an external id, newest first.");
        group.MapFeedbackApi();
        return endpoints;
    }

    private static async Task<Results<Ok<ImageStatusResponse>, Accepted<ImageStatusResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        ImageIngestor ingestor,
        IOptions<IngestionOptions> options,
        DecisionNotifier notifier,
        SubmissionQueries queries,
        [FromQuery] int? wait,
        CancellationToken cancellationToken)
    {
        if (wait is < 0 or > IngestionOptions.MaxWaitSeconds)
        {
            return Problem(new IngestionError(IngestionErrorKind.Malformed, "Invalid wait", $"wait is 0 to {IngestionOptions.MaxWaitSeconds} seconds."));
        }

        var form = await UploadReader.ReadAsync(request, options.Value.MaxUploadBytes, cancellationToken);
        if (form.Error is not null)
        {
            return Problem(form.Error);
        }

        var (fields, fieldError) = SubmissionFieldsParser.Parse(form.Field("externalId"), form.Field("policy"), form.Field("callbackUrl"), form.Field("metadata"));
        if (fieldError is not null)
        {
            return Problem(fieldError);
        }

        var result = await ingestor.IngestAsync(user.SourceId(), form.File!, fields!, cancellationToken);
        if (result.Error is not null)
        {
            return Problem(result.Error);
        }

        var image = result.Submission!;
        if (wait is > 0)
        {
            image = await WaitForDecisionAsync(image, TimeSpan.FromSeconds(wait.Value), notifier, queries, user.SourceId(), cancellationToken);
        }

        return image.IsFinal
            ? TypedResults.Ok(ImageStatusResponse.From(image))
            : TypedResults.Accepted($"/api/v1/images/{image.Id}", ImageStatusResponse.From(image));
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the pipeline; returns the image as it stands then.</summary>
    private static async Task<ImageSubmission> WaitForDecisionAsync(
        ImageSubmission image, TimeSpan timeout, DecisionNotifier notifier, SubmissionQueries queries, Guid sourceId, CancellationToken cancellationToken)
    {
        // Watch before re-reading, so a decision that lands in between still wakes us.
        var scored = notifier.Watch(image.Id);
        try
        {
            var current = await queries.FindAsync(sourceId, image.Id, cancellationToken) ?? image;
            if (current.Status != ImageStatus.Pending)
            {
                return current;
            }

            await scored.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Not decided in time: the caller gets 202 and polls or waits for the webhook.
        }
        finally
        {
            notifier.Forget(image.Id);
        }

        return await queries.FindAsync(sourceId, image.Id, cancellationToken) ?? image;
    }

    private static async Task<Results<Ok<ImageStatusResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, SubmissionQueries queries, CancellationToken cancellationToken)
    {
        var image = await queries.FindAsync(user.SourceId(), id, cancellationToken);
        return image is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Image not found", detail: $"This source has no image {id}.")
            : TypedResults.Ok(ImageStatusResponse.From(image));
    }

    private static async Task<Results<Ok<IReadOnlyList<ImageStatusResponse>>, ProblemHttpResult>> FindByExternalIdAsync(
        [FromQuery] string? externalId, ClaimsPrincipal user, SubmissionQueries queries, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(externalId) || externalId.Length > IngestionOptions.ExternalIdMaxLength)
        {
            return Problem(new IngestionError(IngestionErrorKind.Malformed, "Missing externalId", "Query by ?externalId=... (at most 200 characters)."));
        }

        var images = await queries.FindByExternalIdAsync(user.SourceId(), externalId.Trim(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ImageStatusResponse>>([.. images.Select(ImageStatusResponse.From)]);
    }

    /// <summary>Ingestion's refusals become RFC 9457 problem details; this is the only place that knows the status codes.</summary>
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
}
