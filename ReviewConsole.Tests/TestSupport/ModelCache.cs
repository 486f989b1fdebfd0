using ReviewConsole.Core.Scoring.Models;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// The one place tests get real models from: <c>models import</c>'s own importer, run once per test
/// process into <c>&lt;repo&gt;/.artifacts/models</c> (a quick hash check when an earlier run left it complete).
/// </summary>
public static class ModelCache
{
    public static readonly string Folder = Path.Combine(RepositoryRoot.Path, ".artifacts", "models");

    private static readonly Lazy<Task<ModelImportResult>> Import = new(() =>
        new ModelImporter(new ModelImportOptions { IncludeInceptionV3 = true }).ImportAsync(Folder));

    /// <summary>Imports if needed; the result of this process's first import.</summary>
    public static Task<ModelImportResult> EnsureImportedAsync() => Import.Value;
}
