namespace ReviewConsole.Core.Ingestion;

/// <summary>The kinds of refusal an upload can meet; the API maps each to one HTTP status.</summary>
public enum IngestionErrorKind
{
    /// <summary>The request itself is malformed (400).</summary>
    Malformed,

    /// <summary>The file is larger than <see cref="IngestionOptions.MaxUploadBytes"/> (413).</summary>
    TooLarge,

    /// <summary>The bytes are not an accepted image format (415).</summary>
    UnsupportedFormat,

    /// <summary>An accepted format that is corrupt, truncated or over the pixel or frame limits (422).</summary>
    Unprocessable,
}

/// <summary>Why an upload was refused, in words fit for the caller.</summary>
public sealed record IngestionError(IngestionErrorKind Kind, string Title, string Detail);

/// <summary>The stored submission, or the reason nothing was stored.</summary>
public sealed record IngestionResult(ImageSubmission? Submission, IngestionError? Error)
{
    public static IngestionResult Accepted(ImageSubmission submission) => new(submission, null);

    public static IngestionResult Refused(IngestionErrorKind kind, string title, string detail) => new(null, new IngestionError(kind, title, detail));
}
