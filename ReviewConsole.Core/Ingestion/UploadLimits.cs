namespace ReviewConsole.Core.Ingestion;

/// <summary>
/// The checks every uploaded image meets before anything is done with it, from its bytes and header
/// alone: size, format, corruption, pixels and frames. Shared by submissions and disallow-list uploads
/// so an image refused in one place is refused, with the same answer, everywhere.
/// </summary>
public static class UploadLimits
{
    /// <summary>The image's header, or why the upload is refused.</summary>
    public static (ImageHeader? Header, IngestionError? Error) Check(ReadOnlySpan<byte> bytes, IngestionOptions limits)
    {
        if (bytes.Length == 0)
        {
            return Refused(IngestionErrorKind.Malformed, "Empty file", "The uploaded file has no bytes.");
        }

        if (bytes.Length > limits.MaxUploadBytes)
        {
            return Refused(IngestionErrorKind.TooLarge, "File too large", $"The file is larger than {limits.MaxUploadBytes} bytes.");
        }

        var read = ImageHeaderReader.Read(bytes);
        switch (read.Problem)
        {
            case HeaderProblem.UnsupportedFormat:
                return Refused(IngestionErrorKind.UnsupportedFormat, "Unsupported image format", read.Detail);
            case HeaderProblem.Corrupt:
                return Refused(IngestionErrorKind.Unprocessable, "Corrupt image", read.Detail);
        }

        var header = read.Header!;
        if (header.LargestFramePixels > limits.MaxPixels || (long)header.Width * header.Height > limits.MaxPixels)
        {
            return Refused(
                IngestionErrorKind.Unprocessable,
                "Image too large",
                $"The image is {header.Width}x{header.Height} pixels; at most {limits.MaxPixels} pixels are accepted.");
        }

        if (header.FrameCount > limits.MaxFrames)
        {
            return Refused(
                IngestionErrorKind.Unprocessable,
                "Too many frames",
                $"The image has {header.FrameCount} frames; at most {limits.MaxFrames} are accepted.");
        }

        return (header, null);
    }

    private static (ImageHeader?, IngestionError?) Refused(IngestionErrorKind kind, string title, string detail) =>
        (null, new IngestionError(kind, title, detail));
}
