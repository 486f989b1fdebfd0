namespace ReviewConsole.Core.Storage;

/// <summary>
/// Keeps originals as files named by their SHA-256 under <see cref="DataPaths.Images"/>, fanned out
/// over two directory levels so no folder grows past a few thousand entries.
/// </summary>
public sealed class FileSystemImageStore(DataPaths paths) : IImageStore
{
    public async Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Write beside the target and rename, so a reader never sees half a file and a crash
        // leaves at worst a stray temp file, never a truncated original under its hash.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another upload of the same bytes won the rename; its file is identical.
                return false;
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Stream? OpenRead(string sha256)
    {
        var path = PathOf(sha256);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Blobs are named by a lower-case hex SHA-256.", nameof(sha256));
        }

        return Path.Combine(paths.Images, sha256[..2], sha256[2..4], sha256);
    }
}
