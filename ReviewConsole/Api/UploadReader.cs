using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Api;

/// <summary>
/// Streams a multipart upload and stops as soon as the file passes the limit, rather than letting
/// the framework buffer an oversized body to disk first.
/// </summary>
internal static class UploadReader
{
    private const int MaxTextFieldBytes = 16 * 1024;
    private static readonly string[] TextFields = ["externalId", "policy", "callbackUrl", "metadata"];

    /// <summary>Reads a submission: a required <c>file</c> and the submission's text fields.</summary>
    public static Task<UploadForm> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken cancellationToken) =>
        ReadAsync(request, maxFileBytes, TextFields, fileRequired: true, cancellationToken);

    /// <summary>Reads an optional or required <c>file</c> and the named text fields; other parts are ignored.</summary>
    public static async Task<UploadForm> ReadAsync(HttpRequest request, long maxFileBytes, IReadOnlyCollection<string> textFields, bool fileRequired, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Length == 0)
        {
            return UploadForm.Fail(IngestionErrorKind.Malformed, "Expected multipart/form-data", "Send the image as multipart/form-data with a 'file' part.");
        }

        if (request.ContentLength > maxFileBytes + KestrelLimitsSetup.FormOverheadBytes)
        {
            return UploadForm.Fail(IngestionErrorKind.TooLarge, "File too large", $"The upload is larger than {maxFileBytes} bytes.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        byte[]? file = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return UploadForm.Fail(IngestionErrorKind.Malformed, "Malformed multipart body", "Every part needs a form-data Content-Disposition.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (name == "file")
                {
                    if (file is not null)
                    {
                        return UploadForm.Fail(IngestionErrorKind.Malformed, "More than one file", "Send exactly one 'file' part.");
                    }

                    file = await ReadLimitedAsync(section.Body, maxFileBytes, request.ContentLength, cancellationToken);
                    if (file is null)
                    {
                        return UploadForm.Fail(IngestionErrorKind.TooLarge, "File too large", $"The file is larger than {maxFileBytes} bytes.");
                    }
                }
                else if (textFields.Contains(name))
                {
                    var bytes = await ReadLimitedAsync(section.Body, MaxTextFieldBytes, null, cancellationToken);
                    if (bytes is null)
                    {
                        return UploadForm.Fail(IngestionErrorKind.Malformed, "Field too large", $"The '{name}' field is too long.");
                    }

                    fields[name] = Encoding.UTF8.GetString(bytes);
                }
                else
                {
                    // Unknown parts are drained and ignored, so newer clients keep working with this server.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return UploadForm.Fail(IngestionErrorKind.TooLarge, "File too large", $"The upload is larger than {maxFileBytes} bytes.");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadHttpRequestException)
        {
            return UploadForm.Fail(IngestionErrorKind.Malformed, "Malformed multipart body", "The multipart body could not be read.");
        }

        if (file is null && fileRequired)
        {
            return UploadForm.Fail(IngestionErrorKind.Malformed, "Missing file", "The form has no 'file' part.");
        }

        return new UploadForm(file, fields, null);
    }

    /// <summary>The stream's bytes, or null as soon as more than <paramref name="limit"/> arrive.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, long? sizeHint, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(sizeHint ?? 16 * 1024, limit + 1);
        using var buffer = new MemoryStream(Math.Max(initial, 1024));
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>A read upload: the file and text fields, or why it could not be read.</summary>
internal sealed record UploadForm(byte[]? File, IReadOnlyDictionary<string, string> Fields, IngestionError? Error)
{
    public static UploadForm Fail(IngestionErrorKind kind, string title, string detail) =>
        new(null, new Dictionary<string, string>(), new IngestionError(kind, title, detail));

    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}
