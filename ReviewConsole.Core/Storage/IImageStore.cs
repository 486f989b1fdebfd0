namespace ReviewConsole.Core.Storage;

/// <summary>Content-addressed storage of original images, keyed by lower-case hex SHA-256.</summary>
public interface IImageStore
{
    /// <summary>Stores <paramref name="bytes"/> under <paramref name="sha256"/>; false when they were already there.</summary>
    Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);

    /// <summary>Opens the stored bytes for reading, or null when nothing is stored under that hash.</summary>
    Stream? OpenRead(string sha256);

    bool Exists(string sha256);
}
