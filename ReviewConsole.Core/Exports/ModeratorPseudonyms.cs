using System.Security.Cryptography;
using System.Text;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Core.Exports;

/// <summary>
/// Stable pseudonyms for moderators in exports: HMAC-SHA256 of the user id under a secret made once per
/// installation and kept beside the data-protection keys. The same moderator has the same pseudonym in
/// every export of this installation (agreement studies work), yet nobody holding only the export can
/// recover the user id, let alone the e-mail address, which is never used.
/// </summary>
public sealed class ModeratorPseudonyms(DataPaths paths)
{
    public const string KeyFileName = "export-pseudonyms.key";
    private const int KeyBytes = 32;

    private readonly Lock _lock = new();
    private byte[]? _key;

    /// <summary>The pseudonym of <paramref name="userId"/>: <c>m_</c> and 32 hex digits.</summary>
    public string Of(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var mac = HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes(userId));
        return "m_" + Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    private byte[] Key()
    {
        lock (_lock)
        {
            return _key ??= LoadOrCreate();
        }
    }

    private byte[] LoadOrCreate()
    {
        Directory.CreateDirectory(paths.Keys);
        var file = Path.Combine(paths.Keys, KeyFileName);
        try
        {
            var key = RandomNumberGenerator.GetBytes(KeyBytes);
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Made earlier, or by another process a moment ago: that one is the installation's secret.
            return ReadExisting(file);
        }
    }

    /// <summary>A process that has just created the file may not have written it yet: wait for the whole key, briefly.</summary>
    private static byte[] ReadExisting(string file)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(file).Trim();
            if (text.Length > 0 || attempt == 50)
            {
                var key = Convert.FromBase64String(text);
                return key.Length == KeyBytes
                    ? key
                    : throw new InvalidOperationException($"{file} does not hold a {KeyBytes}-byte key; restore it from the backup of the keys folder.");
            }

            Thread.Sleep(20);
        }
    }
}
