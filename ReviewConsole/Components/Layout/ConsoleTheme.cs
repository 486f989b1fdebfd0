using MudBlazor;

namespace ReviewConsole.Components.Layout;

/// <summary>The console's one theme; system fonts, since the console may run with no internet access.</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        PaletteLight = new PaletteLight { Primary = "#3949ab", AppbarBackground = "#283593" },
    };
}
