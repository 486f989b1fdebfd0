using System.Runtime.InteropServices;

namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// The few libvips 8.14 (Debian <c>libvips42</c>), GLib and libc entry points the decoder uses.
/// </summary>
/// <remarks>
/// libvips' optional arguments are C varargs, which P/Invoke cannot declare. On Linux x64 a varargs
/// callee reads integer and pointer arguments exactly where fixed ones are passed, so each call
/// shape used here is declared as its own overload with the name/value pairs as extra fixed
/// parameters and a trailing NULL. That only holds for int and pointer values: a double would go in
/// a vector register the callee does not look at, so no option taking a double is ever passed.
/// </remarks>
internal static unsafe partial class VipsNative
{
    private const string Vips = "libvips.so.42";
    private const string GLib = "libglib-2.0.so.0";
    private const string GObject = "libgobject-2.0.so.0";
    private const string LibC = "libc";

    internal const int AccessSequential = 1;
    internal const int FailOnTruncated = 1;
    internal const int SizeDown = 2;
    internal const int FormatUChar = 0;
    internal const int InterpretationSrgb = 22;

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_init(string argv0);

    [LibraryImport(Vips)]
    internal static partial void vips_cache_set_max(int max);

    [LibraryImport(Vips)]
    internal static partial void vips_block_untrusted_set(int state);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_operation_block_set(string name, int state);

    [LibraryImport(Vips)]
    internal static partial IntPtr vips_foreign_find_load_buffer(byte* data, nuint size);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr vips_image_new_from_buffer(
        byte* data, nuint size, string optionString,
        string k1, int v1, string k2, int v2, IntPtr end);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr vips_image_new_from_buffer(
        byte* data, nuint size, string optionString,
        string k1, int v1, string k2, int v2, string k3, int v3, IntPtr end);

    [LibraryImport(Vips)]
    internal static partial IntPtr vips_image_new_from_memory(
        byte* data, nuint size, int width, int height, int bands, int format);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_width(IntPtr image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_height(IntPtr image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_bands(IntPtr image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_format(IntPtr image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_n_pages(IntPtr image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_orientation(IntPtr image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_hasalpha(IntPtr image);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_thumbnail_image(
        IntPtr input, out IntPtr output, int width,
        string k1, int v1, string k2, int v2, string k3, int v3, IntPtr end);

    [LibraryImport(Vips)]
    internal static partial int vips_colourspace(IntPtr input, out IntPtr output, int space, IntPtr end);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_flatten(IntPtr input, out IntPtr output, string k1, IntPtr v1, IntPtr end);

    [LibraryImport(Vips)]
    internal static partial int vips_cast(IntPtr input, out IntPtr output, int format, IntPtr end);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_extract_band(IntPtr input, out IntPtr output, int band, string k1, int v1, IntPtr end);

    [LibraryImport(Vips)]
    internal static partial IntPtr vips_image_write_to_memory(IntPtr image, out nuint size);

    [LibraryImport(Vips)]
    internal static partial IntPtr vips_array_double_new(double* array, int n);

    [LibraryImport(Vips)]
    internal static partial void vips_area_unref(IntPtr area);

    [LibraryImport(Vips)]
    internal static partial void vips_error_clear();

    [LibraryImport(GLib)]
    internal static partial void g_free(IntPtr memory);

    [LibraryImport(GObject)]
    internal static partial void g_object_unref(IntPtr instance);

    [LibraryImport(LibC, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);

    /// <summary>Releases <paramref name="image"/> if set and clears it, so a finally block can call it unconditionally.</summary>
    internal static void Release(ref IntPtr image)
    {
        if (image != IntPtr.Zero)
        {
            g_object_unref(image);
            image = IntPtr.Zero;
        }
    }
}
