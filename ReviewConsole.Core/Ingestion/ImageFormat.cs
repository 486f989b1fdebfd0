namespace ReviewConsole.Core.Ingestion;

/// <summary>The formats the console accepts, recognised by their bytes, never by name or Content-Type.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    Gif,
    WebP,
    Bmp,
    Tiff,
}

/// <summary>Names and media types of <see cref="ImageFormat"/> as the API and the image endpoint use them.</summary>
public static class ImageFormats
{
    /// <summary>The lower-case name used in the API's status body (<c>jpeg</c>, <c>png</c>, ...).</summary>
    public static string ToApiName(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpeg",
        ImageFormat.Png => "png",
        ImageFormat.Gif => "gif",
        ImageFormat.WebP => "webp",
        ImageFormat.Bmp => "bmp",
        ImageFormat.Tiff => "tiff",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ToMediaType(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Gif => "image/gif",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Bmp => "image/bmp",
        ImageFormat.Tiff => "image/tiff",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ToFileExtension(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Tiff => "tif",
        _ => format.ToApiName(),
    };
}
