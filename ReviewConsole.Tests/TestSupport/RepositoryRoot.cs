namespace ReviewConsole.Tests.TestSupport;

/// <summary>Finds the repository root: the first folder above the test binaries holding the solution file.</summary>
public static class RepositoryRoot
{
    private static readonly string[] s_markers = ["ReviewConsole.sln", "ReviewConsole.slnx"];

    /// <summary>The root folder (absolute).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (s_markers.Any(marker => File.Exists(System.IO.Path.Combine(directory.FullName, marker))))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {string.Join(" or ", s_markers)} above '{AppContext.BaseDirectory}'.");
    }
}
