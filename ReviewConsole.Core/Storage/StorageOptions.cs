using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Storage;

/// <summary>
/// Where the console keeps what it owns on disk: the SQLite file, image blobs, models and keys.
/// Bound to the <c>Storage</c> section.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder for data; relative paths are resolved against the content root. Defaults to <c>data</c>.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>Folder of imported models; defaults to <c>models</c> under <see cref="DataPath"/>. Several hosts may share one.</summary>
    public string? ModelsPath { get; set; }
}
