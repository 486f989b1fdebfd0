using System.Text;
using System.Text.Json;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Core.Ingestion;

/// <summary>Validates the optional text fields of an upload against the API's limits.</summary>
public static class SubmissionFieldsParser
{
    /// <summary>Returns the validated fields, or the error that names the offending field.</summary>
    public static (SubmissionFields? Fields, IngestionError? Error) Parse(string? externalId, string? policy, string? callbackUrl, string? metadata)
    {
        externalId = NullIfBlank(externalId);
        if (externalId is { Length: > IngestionOptions.ExternalIdMaxLength })
        {
            return Malformed($"externalId is at most {IngestionOptions.ExternalIdMaxLength} characters.");
        }

        policy = NullIfBlank(policy);
        if (policy is { Length: > ImageSubmission.PolicyNameMaxLength })
        {
            return Malformed($"policy is at most {ImageSubmission.PolicyNameMaxLength} characters.");
        }

        Uri? callback = null;
        if (NullIfBlank(callbackUrl) is { } rawUrl
            && (!Uri.TryCreate(rawUrl, UriKind.Absolute, out callback) || !Source.IsWebhookUrl(callback)))
        {
            return Malformed("callbackUrl must be an absolute http or https URL without credentials.");
        }

        metadata = NullIfBlank(metadata);
        if (metadata is not null)
        {
            if (Encoding.UTF8.GetByteCount(metadata) > IngestionOptions.MetadataMaxBytes)
            {
                return Malformed($"metadata is at most {IngestionOptions.MetadataMaxBytes} bytes of JSON.");
            }

            try
            {
                using var document = JsonDocument.Parse(metadata, new JsonDocumentOptions { MaxDepth = 32 });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Malformed("metadata must be a JSON object.");
                }
            }
            catch (JsonException)
            {
                return Malformed("metadata must be valid JSON.");
            }
        }

        return (new SubmissionFields(externalId, policy, callback, metadata), null);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static (SubmissionFields?, IngestionError?) Malformed(string detail) =>
        (null, new IngestionError(IngestionErrorKind.Malformed, "Invalid request field", detail));
}
