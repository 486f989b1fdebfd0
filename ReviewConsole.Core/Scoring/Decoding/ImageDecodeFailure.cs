namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>Why an upload could not be decoded.</summary>
public enum ImageDecodeFailure
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>Not one of the accepted formats (or not an image).</summary>
    UnsupportedFormat,

    /// <summary>The header declares more pixels per frame than the limit allows; nothing was decoded.</summary>
    TooManyPixels,

    /// <summary>The header declares more frames than the limit allows; nothing was decoded.</summary>
    TooManyFrames,

    /// <summary>The file is cut short or its data is damaged.</summary>
    Corrupt,
}
