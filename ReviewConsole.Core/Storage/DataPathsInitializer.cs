namespace ReviewConsole.Core.Storage;

/// <summary>Creates the data folders before anything writes to them.</summary>
public sealed class DataPathsInitializer(DataPaths paths)
{
    public void EnsureCreated()
    {
        Directory.CreateDirectory(paths.Root);
        Directory.CreateDirectory(paths.Images);
        Directory.CreateDirectory(paths.Models);
        Directory.CreateDirectory(paths.Keys);
    }
}
