namespace ReviewConsole.Tests.TestSupport;

/// <summary>Deterministic inputs for the model tests: random and structured tensors and RGB images.</summary>
public static class TestImages
{
    /// <summary>
    /// <paramref name="count"/> NHWC tensors of size x size x 3 in [0, 1], back to back: seeded noise first,
    /// then structured ones (black, white, gradients, checkerboard, smooth colour blobs), cycling.
    /// </summary>
    public static float[] Tensors(int size, int count)
    {
        var perImage = size * size * 3;
        var values = new float[count * perImage];
        for (var n = 0; n < count; n++)
        {
            var image = values.AsSpan(n * perImage, perImage);
            var random = new Random(1000 + n);
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var u = (float)x / (size - 1);
                        var v = (float)y / (size - 1);
                        image[(y * size + x) * 3 + c] = (n % 6) switch
                        {
                            0 or 1 => random.NextSingle(),
                            2 => 0f,
                            3 => c == 0 ? u : c == 1 ? v : 1f - u * v,
                            4 => ((x / 16) + (y / 16)) % 2 == 0 ? (c == 1 ? 0.9f : 0.1f) : 0.8f,
                            _ => Blobs(u, v, c),
                        };
                    }
                }
            }
        }

        return values;
    }

    /// <summary>An RGB image of smooth colour blobs with a little noise: photo-like enough to exercise resampling.</summary>
    public static byte[] PhotoLike(int width, int height, int seed)
    {
        var random = new Random(seed);
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var value = Blobs((float)x / width, (float)y / height, c) * 230 + random.Next(0, 25);
                    rgb[(y * width + x) * 3 + c] = (byte)Math.Clamp(value, 0, 255);
                }
            }
        }

        return rgb;
    }

    /// <summary>Uniformly random bytes.</summary>
    public static byte[] Noise(int width, int height, int seed)
    {
        var rgb = new byte[width * height * 3];
        new Random(seed).NextBytes(rgb);
        return rgb;
    }

    private static float Blobs(float u, float v, int channel)
    {
        // Three soft discs with skin-like, green and blue tints.
        var a = MathF.Exp(-((u - 0.35f) * (u - 0.35f) + (v - 0.4f) * (v - 0.4f)) * 12f);
        var b = MathF.Exp(-((u - 0.75f) * (u - 0.75f) + (v - 0.7f) * (v - 0.7f)) * 18f);
        var d = MathF.Exp(-((u - 0.6f) * (u - 0.6f) + (v - 0.15f) * (v - 0.15f)) * 25f);
        return channel switch
        {
            0 => Math.Clamp(0.2f + 0.75f * a + 0.1f * b, 0f, 1f),
            1 => Math.Clamp(0.2f + 0.55f * a + 0.6f * b, 0f, 1f),
            _ => Math.Clamp(0.25f + 0.45f * a + 0.7f * d, 0f, 1f),
        };
    }
}
