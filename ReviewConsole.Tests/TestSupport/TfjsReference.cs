using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// Runs <c>tools/tfjs-reference</c> (nsfwjs on TensorFlow.js' cpu backend) with node.
/// </summary>
/// <remarks>
/// TF.js' pure JavaScript backend takes seconds per image, so answers are cached under
/// <c>.artifacts/tfjs-reference</c>, keyed by the SHA-256 of the exact input bytes, the arguments,
/// the tool's script and its package-lock.json: a cached answer is the one TF.js gave for those very
/// bytes. Set <c>REVIEWCONSOLE_TFJS_NO_CACHE=1</c> to always run TF.js.
/// </remarks>
public sealed class TfjsReference
{
    private readonly SemaphoreSlim _installLock = new(1, 1);

    /// <summary>The tool's folder.</summary>
    public string ToolDirectory { get; } = Path.Combine(RepositoryRoot.Path, "tools", "tfjs-reference");

    private string CacheDirectory { get; } = Path.Combine(RepositoryRoot.Path, ".artifacts", "tfjs-reference");

    /// <summary>Runs <c>npm ci</c> unless node_modules already matches package-lock.json.</summary>
    public async Task EnsureInstalledAsync()
    {
        await _installLock.WaitAsync();
        try
        {
            // npm writes node_modules/.package-lock.json on install; it is current when newer than the lock file.
            var installed = Path.Combine(ToolDirectory, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(ToolDirectory, "package-lock.json");
            if (File.Exists(installed) && File.Exists(Path.Combine(ToolDirectory, "node_modules", "@tensorflow", "tfjs", "package.json"))
                && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            await RunAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel", "error"]);
        }
        finally
        {
            _installLock.Release();
        }
    }

    /// <summary>Class probabilities TF.js gives for preprocessed NHWC tensors and for raw RGB images run through nsfwjs' infer().</summary>
    public async Task<(float[][] Tensors, float[][] Images)> ClassifyAsync(string model, float[] nhwc, int count, IReadOnlyList<(byte[] Rgb, int Width, int Height)> images, CancellationToken ct = default)
    {
        using var work = new TemporaryDirectory();
        var tensorPath = Path.Combine(work.Path, "tensors.f32");
        await File.WriteAllBytesAsync(tensorPath, Floats(nhwc));
        var arguments = new List<string> { "reference.cjs", "classify", model, tensorPath, count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        for (var i = 0; i < images.Count; i++)
        {
            var path = Path.Combine(work.Path, $"image{i}.rgb");
            await File.WriteAllBytesAsync(path, images[i].Rgb);
            arguments.AddRange([path, $"{images[i].Width}", $"{images[i].Height}"]);
        }

        var output = await CachedAsync(arguments, [tensorPath, .. arguments.Where(a => a.EndsWith(".rgb", StringComparison.Ordinal))], ct);
        using var json = JsonDocument.Parse(output);
        return (ReadMatrix(json.RootElement.GetProperty("probabilities")), ReadMatrix(json.RootElement.GetProperty("images")));
    }

    /// <summary>nsfwjs' preprocessing of each image as TF.js computes it (size x size x 3 floats each).</summary>
    public async Task<float[][]> PreprocessAsync(int size, IReadOnlyList<(byte[] Rgb, int Width, int Height)> images)
    {
        using var work = new TemporaryDirectory();
        var arguments = new List<string> { "reference.cjs", "preprocess", $"{size}" };
        var outputs = new List<string>();
        for (var i = 0; i < images.Count; i++)
        {
            var path = Path.Combine(work.Path, $"image{i}.rgb");
            await File.WriteAllBytesAsync(path, images[i].Rgb);
            outputs.Add(Path.Combine(work.Path, $"image{i}.f32"));
            arguments.AddRange([path, $"{images[i].Width}", $"{images[i].Height}", outputs[^1]]);
        }

        await RunAsync("node", arguments);
        return outputs.Select(path =>
        {
            var bytes = File.ReadAllBytes(path);
            var values = new float[bytes.Length / sizeof(float)];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return values;
        }).ToArray();
    }

    private async Task<string> CachedAsync(List<string> arguments, IEnumerable<string> inputFiles, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Paths differ between runs (temporary folders); the key is their contents and the other arguments.
        foreach (var argument in arguments.Where(a => !Path.IsPathRooted(a)))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(argument + "\n"));
        }

        foreach (var file in inputFiles.Concat([Path.Combine(ToolDirectory, "reference.cjs"), Path.Combine(ToolDirectory, "package-lock.json")]))
        {
            hash.AppendData(await File.ReadAllBytesAsync(file));
        }

        var cached = Path.Combine(CacheDirectory, Convert.ToHexStringLower(hash.GetHashAndReset()) + ".json");
        var useCache = Environment.GetEnvironmentVariable("REVIEWCONSOLE_TFJS_NO_CACHE") != "1";
        if (useCache && File.Exists(cached))
        {
            return await File.ReadAllTextAsync(cached);
        }

        var output = await RunAsync("node", arguments, ct);
        Directory.CreateDirectory(CacheDirectory);
        await File.WriteAllTextAsync(cached + ".tmp", output);
        File.Move(cached + ".tmp", cached, overwrite: true);
        return output;
    }

    private async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: a cold inception_v3 run on a busy 2-core machine has taken 5 minutes.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in 20 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    private static float[][] ReadMatrix(JsonElement rows) =>
        rows.EnumerateArray().Select(row => row.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();

    private static byte[] Floats(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
