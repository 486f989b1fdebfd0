namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// An upload that cannot be turned into pixels. Expected for hostile or broken uploads: callers
/// record <see cref="Reason"/> against the image and move on.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception for <paramref name="reason"/> with a human-readable <paramref name="message"/>.</summary>
    public ImageDecodeException(ImageDecodeFailure reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception wrapping the <paramref name="innerException"/> that revealed the problem.</summary>
    public ImageDecodeException(ImageDecodeFailure reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why decoding failed.</summary>
    public ImageDecodeFailure Reason { get; }
}
