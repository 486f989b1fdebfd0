using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using ReviewConsole.Core.Feedback;

namespace ReviewConsole.Api;

/// <summary>
/// <c>POST /api/v1/images/{id}/feedback</c>: an integrating app reports that one of its images was
/// misjudged. Only the image's own source may; to any other it does not exist.
/// </summary>
internal static class Feedback
{
    private const int MaxJsonBytes = 16 * 1024;

    public static RouteGroupBuilder MapFeedbackApi(this RouteGroupBuilder images)
    {
        images.MapPost("/{id:guid}/feedback", SubmitAsync)
            .WithName("SubmitFeedback")
            .WithSummary("Report a misclassification: JSON { label: <category>|safe, note }. Opens a review item if no person decided the image yet, else keeps a labelled example.")
            .Accepts<FeedbackRequest>("application/json")
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return images;
    }

    private static async Task<Results<Accepted<FeedbackResponse>, ProblemHttpResult>> SubmitAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, ImageFeedbackIntake intake, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the feedback as application/json.");
        }

        if (request.ContentLength > MaxJsonBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A feedback body is at most {MaxJsonBytes} bytes.");
        }

        var (body, error) = await ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var result = await intake.SubmitAsync(user.SourceId(), id, body.Label, body.Note, cancellationToken);
        return result.Refusal switch
        {
            FeedbackRefusal.None => TypedResults.Accepted(
                $"/api/v1/images/{id}",
                new FeedbackResponse(result.Feedback!.Id, result.Feedback.Outcome.ToApiName(), $"/api/v1/images/{id}")),
            FeedbackRefusal.NotFound => Problem(StatusCodes.Status404NotFound, "Image not found", result.Message!),
            FeedbackRefusal.Pending => Problem(StatusCodes.Status409Conflict, "Image not scored yet", result.Message!),
            _ => Problem(StatusCodes.Status400BadRequest, "Invalid feedback", result.Message!),
        };
    }

    /// <summary>Reads at most <see cref="MaxJsonBytes"/> (a missing Content-Length does not lift the limit) and checks the shape.</summary>
    private static async Task<(FeedbackRequest? Body, ProblemHttpResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxJsonBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxJsonBytes)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A feedback body is at most {MaxJsonBytes} bytes."));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetString(root, "label", out var label) || label is null
                || !TryGetString(root, "note", out var note))
            {
                return (null, Malformed());
            }

            return (new FeedbackRequest(label, note), null);
        }
        catch (JsonException)
        {
            return (null, Malformed());
        }
    }

    /// <summary>False when the property is there but not a string (or null); a missing one reads as null.</summary>
    private static bool TryGetString(JsonElement root, string name, out string? value)
    {
        value = null;
        foreach (var property in root.EnumerateObject())
        {
            if (!property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    value = property.Value.GetString();
                    return true;
                case JsonValueKind.Null:
                    return true;
                default:
                    return false;
            }
        }

        return true;
    }

    private static ProblemHttpResult Malformed() =>
        Problem(StatusCodes.Status400BadRequest, "Malformed feedback", "The body is a JSON object with a string 'label' (a category or 'safe') and an optional string 'note'.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>The body of a feedback request.</summary>
/// <param name="Label">A category name, or <c>safe</c>.</param>
/// <param name="Note">Why, optionally; at most 2000 characters.</param>
public sealed record FeedbackRequest(string Label, string? Note);

/// <summary>The answer to a feedback request.</summary>
/// <param name="FeedbackId">The stored feedback's id.</param>
/// <param name="Outcome"><c>review_opened</c>, <c>review_pending</c> or <c>labelled_example</c>.</param>
/// <param name="Image">The image's status URL.</param>
public sealed record FeedbackResponse(Guid FeedbackId, string Outcome, string Image);
