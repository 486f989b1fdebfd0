using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ReviewConsole.Core.Review;

/// <summary>
/// Deterministic draws per image: the same image always falls in or out of a sample, whichever host or
/// retry decides it, and different samples (salts) are independent of each other.
/// </summary>
public static class ReviewSampling
{
    /// <summary>The salt of the double-review sample.</summary>
    public const string DoubleReviewSalt = "double-review";

    /// <summary>A uniform value in [0,1) from <paramref name="imageId"/> and <paramref name="salt"/>.</summary>
    public static double Draw(Guid imageId, string salt)
    {
        Span<byte> input = stackalloc byte[16 + 64];
        imageId.TryWriteBytes(input);
        var written = System.Text.Encoding.UTF8.GetBytes(salt.AsSpan(0, Math.Min(salt.Length, 64)), input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..(16 + written)], hash);
        return (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
