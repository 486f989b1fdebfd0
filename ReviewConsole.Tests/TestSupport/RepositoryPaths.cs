namespace ReviewConsole.Tests.TestSupport;

/// <summary>Locates the checkout and the test data, wherever the test host runs from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding ReviewConsole.sln.</summary>
    public static string Root => RepositoryRoot.Path;

    /// <summary>Test data copied next to the test assembly.</summary>
    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>A fresh folder under the system temp folder, for one test's data.</summary>
    public static string NewTempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "reviewconsole-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
