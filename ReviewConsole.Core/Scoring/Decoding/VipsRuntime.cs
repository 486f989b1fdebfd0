namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// Starts libvips once per process with the settings every decode relies on.
/// </summary>
internal static class VipsRuntime
{
    // The only loaders uploads may reach. Everything else (SVG, PDF, ImageMagick, FITS, matrix, vips
    // files, ...) is parser surface a moderation queue has no use for.
    private static readonly string[] s_allowedLoaders =
    [
        "VipsForeignLoadJpeg",
        "VipsForeignLoadPng",
        "VipsForeignLoadNsgif",
        "VipsForeignLoadWebp",
        "VipsForeignLoadTiff",
    ];

    private static readonly Lazy<string?> s_startupError = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts libvips if needed; throws <see cref="InvalidOperationException"/> when it cannot be loaded.</summary>
    public static void EnsureStarted()
    {
        var error = s_startupError.Value;
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }
    }

    private static string? Start()
    {
        try
        {
            // Environment.SetEnvironmentVariable only changes .NET's own copy on Unix; libvips reads
            // the C environment, and only once in vips_init, so the real setenv has to run first.
            // VIPS_WARNING=0 stops every odd upload from writing a warning line to stderr.
            VipsNative.setenv("VIPS_WARNING", "0", 1);

            // vips_init loads its modules (magick, openslide, heif, poppler, jxl) from VIPSHOME/lib with
            // RTLD_GLOBAL; openslide brings the system libsqlite3, whose exported symbols then take over
            // e_sqlite3's own internal calls and crash EF Core's SQLite (sqlite3Malloc through a null
            // pointer, seen in the test host). The formats they add are blocked below anyway, so
            // VIPSHOME points where there are no modules and none is loaded.
            VipsNative.setenv("VIPSHOME", Path.Combine(AppContext.BaseDirectory, "vips-without-modules"), 1);

            if (VipsNative.vips_init("ReviewConsole") != 0)
            {
                return "libvips failed to start (vips_init returned an error).";
            }

            // Each upload is decoded once; the operation cache would only pin decoded pixels and the
            // callers' pinned input buffers in memory.
            VipsNative.vips_cache_set_max(0);

            VipsNative.vips_block_untrusted_set(1);
            VipsNative.vips_operation_block_set("VipsForeignLoad", 1);
            foreach (var loader in s_allowedLoaders)
            {
                VipsNative.vips_operation_block_set(loader, 0);
            }

            return null;
        }
        catch (DllNotFoundException ex)
        {
            return $"libvips 8.14 is not installed (apt-get install libvips42): {ex.Message}";
        }
        catch (EntryPointNotFoundException ex)
        {
            return $"The installed libvips is older than 8.14, which the decoder needs: {ex.Message}";
        }
    }
}
