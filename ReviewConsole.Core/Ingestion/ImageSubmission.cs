using System.Security.Cryptography;

namespace ReviewConsole.Core.Ingestion;

/// <summary>
/// One image submitted by a source. The bytes are stored once per SHA-256 however often they are
/// submitted; each submission is its own row, with its own external id, callback and decision.
/// </summary>
public sealed class ImageSubmission
{
    public const int Sha256Length = 64;
    public const int PolicyNameMaxLength = 100;

    private ImageSubmission()
    {
        Sha256 = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SourceId { get; private set; }

    public string? ExternalId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the original bytes; also the blob's name in the store.</summary>
    public string Sha256 { get; private set; }

    public ImageFormat Format { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int FrameCount { get; private set; }

    public long ByteLength { get; private set; }

    /// <summary>The policy the source asked for; null means its default.</summary>
    public string? RequestedPolicy { get; private set; }

    public string? CallbackUrl { get; private set; }

    /// <summary>The caller's metadata, a JSON object kept verbatim.</summary>
    public string? MetadataJson { get; private set; }

    public ImageStatus Status { get; private set; }

    public DecidedBy? DecidedBy { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Records an accepted upload; it waits for scoring as <see cref="ImageStatus.Pending"/>.</summary>
    public static ImageSubmission Receive(Guid sourceId, string sha256, ImageHeader header, long byteLength, SubmissionFields fields, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        if (sha256.Length != Sha256Length)
        {
            throw new ArgumentException("A SHA-256 is 64 hex digits.", nameof(sha256));
        }

        return new ImageSubmission
        {
            Id = Guid.CreateVersion7(now),
            SourceId = sourceId,
            ExternalId = fields.ExternalId,
            Sha256 = sha256,
            Format = header.Format,
            Width = header.Width,
            Height = header.Height,
            FrameCount = header.FrameCount,
            ByteLength = byteLength,
            RequestedPolicy = fields.Policy,
            CallbackUrl = fields.CallbackUrl?.AbsoluteUri,
            MetadataJson = fields.MetadataJson,
            Status = ImageStatus.Pending,
            ReceivedAt = now,
        };
    }

    /// <summary>Hex SHA-256 as stored in <see cref="Sha256"/>.</summary>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>The optional form fields of an upload, already validated.</summary>
public sealed record SubmissionFields(string? ExternalId, string? Policy, Uri? CallbackUrl, string? MetadataJson);
