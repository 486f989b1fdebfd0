using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ReviewConsole.Core.Storage;

/// <summary>The resolved, absolute folders under <see cref="StorageOptions.DataPath"/>.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
        : this(
            Path.GetFullPath(options.Value.DataPath, environment.ContentRootPath),
            options.Value.ModelsPath is { Length: > 0 } models ? Path.GetFullPath(models, environment.ContentRootPath) : null)
    {
    }

    public DataPaths(string root, string? models = null)
    {
        Root = root;
        Models = models ?? Path.Combine(root, "models");
    }

    /// <summary>The data folder itself.</summary>
    public string Root { get; }

    /// <summary>Content-addressed originals; never under <c>wwwroot</c>, so nothing is served without authorisation.</summary>
    public string Images => Path.Combine(Root, "images");

    /// <summary>Imported ONNX models and their manifests.</summary>
    public string Models { get; }

    /// <summary>ASP.NET Core data-protection keys (cookies, protected secrets) survive restarts here.</summary>
    public string Keys => Path.Combine(Root, "keys");

    /// <summary>The default SQLite database file.</summary>
    public string SqliteDatabase => Path.Combine(Root, "reviewconsole.db");
}
