using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Models;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Core.Scoring.Text;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench stages [--images DIR] [--repeat N] [--tfjs-repeat M] [--model NAME]</c>: time per image of each
/// scoring stage on full-HD JPEGs (decode, nsfw at batch 1 and 8, text, PDQ), one stage at a time on this
/// host's imported models, then nsfwjs on TensorFlow.js over the same images for the ratio. Prints Markdown.
/// </summary>
/// <remarks>
/// Stages run one after another, never side by side, so each figure is that stage alone on the machine's
/// cores (ONNX Runtime with its configured two intra-op threads). Every stage sees each image once before
/// timing starts, so session and shape warm-up are not in the figures.
/// </remarks>
internal static class StagesBenchmark
{
    private const string Usage = "Usage: bench stages [--images DIR] [--repeat N] [--tfjs-repeat M] [--model nsfw-mobilenet_v2|nsfw-inception_v3]";
    private const int NsfwBatch = 8;

    public static async Task<int> RunAsync(IServiceProvider services, CommandLine.VerbOptions options)
    {
        var root = FindRepositoryRoot();
        var folder = options.Get("images") ?? Path.Combine(root, "docs", "bench");
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, options.Get("images") is null ? "stages-*.jpg" : "*.jpg").Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            return CommandLine.Fail($"No JPEG images in '{folder}'. {Usage}");
        }

        if (!TryCount(options, "repeat", 10, 1, out var repeat) || !TryCount(options, "tfjs-repeat", 2, 0, out var tfjsRepeat))
        {
            return CommandLine.Fail($"--repeat is a positive whole number, --tfjs-repeat a whole number (0 skips TF.js). {Usage}");
        }

        var modelName = options.Get("model") ?? "nsfw-mobilenet_v2";
        var catalog = ModelCatalog.LoadVerified(services.GetRequiredService<DataPaths>().Models);
        var loadBefore = LoadAverage();

        var jpegs = files.Select(File.ReadAllBytes).ToList();
        var decoder = new VipsImageDecoder(new DecodingOptions());
        var frames = jpegs.Select(j => decoder.Decode(j, DecodeLimits.Default).FirstFrame).ToList();
        var rows = new List<Row>
        {
            Measure("decode", $"`VipsImageDecoder`: JPEG {Size(jpegs, decoder)} -> {frames[0].Width}x{frames[0].Height} RGB", repeat, jpegs, j => decoder.Decode(j, DecodeLimits.Default)),
        };

        using (var nsfw1 = new NsfwClassifier(catalog, new NsfwOptions { Model = modelName, BatchSize = 1 }))
        {
            rows.Add(Measure("nsfw, batch 1", $"`NsfwClassifier` {modelName}: preprocess + ONNX Runtime", repeat, frames, f => nsfw1.Classify([f])));
        }

        using (var nsfw8 = new NsfwClassifier(catalog, new NsfwOptions { Model = modelName, BatchSize = NsfwBatch }))
        {
            var batch = Enumerable.Range(0, NsfwBatch).Select(i => frames[i % frames.Count]).ToList();
            var calls = Math.Max(repeat, ((repeat * frames.Count) + NsfwBatch - 1) / NsfwBatch);
            nsfw8.Classify(batch);
            var perImage = Times(calls, [batch], b => nsfw8.Classify(b)).Select(ms => ms / NsfwBatch).ToList();
            rows.Add(Row.From("nsfw, batch 8", $"same, per image of a batch of {NsfwBatch}", perImage, calls * NsfwBatch));
        }

        var textOptions = new TextOptions { ModelsDirectory = catalog.Directory };
        using (var detector = new TextDetector(textOptions))
        using (var recognizer = new TextRecognizer(textOptions))
        {
            var analyzer = new TextAnalyzer(detector, recognizer, textOptions);
            var found = frames.Select(f => analyzer.Analyze(f, TextRules.Default)).Select(a => $"{a.DetectedBoxes}/{a.Lines.Count}").ToList();
            rows.Add(Measure("text", $"`TextAnalyzer` PP-OCRv4 det + rec + rules (boxes/lines read per image: {string.Join(", ", found)})", repeat, frames, f => analyzer.Analyze(f, TextRules.Default)));
        }

        var hasher = new PdqHasher();
        rows.Add(Measure("pdq", "`PdqHasher.Compute`", repeat, frames, f => hasher.Compute(f)));

        Row? tfjs = null;
        if (tfjsRepeat > 0)
        {
            tfjs = await TfjsAsync(root, modelName, jpegs, tfjsRepeat);
        }

        Print(rows, tfjs, files, loadBefore, repeat);
        return 0;
    }

    private static async Task<Row> TfjsAsync(string root, string modelName, List<byte[]> jpegs, int repeat)
    {
        var tool = Path.Combine(root, "tools", "tfjs-reference");
        if (!File.Exists(Path.Combine(tool, "node_modules", "@tensorflow", "tfjs", "package.json")))
        {
            throw new InvalidOperationException($"TF.js is not installed: run 'npm ci --ignore-scripts' in '{tool}', or pass --tfjs-repeat 0.");
        }

        // nsfwjs is handed the whole frame, as a browser or node service would hand it a decoded upload;
        // only the ONNX side works from the decoder's 1024-pixel frame.
        var fullSize = new VipsImageDecoder(new DecodingOptions { MaxSide = 16384 });
        var work = Path.Combine(Path.GetTempPath(), $"reviewconsole-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = tool,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("bench.cjs");
            start.ArgumentList.Add(modelName.Replace("nsfw-", "", StringComparison.Ordinal));
            start.ArgumentList.Add(repeat.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < jpegs.Count; i++)
            {
                var frame = fullSize.Decode(jpegs[i], DecodeLimits.Default).FirstFrame;
                var path = Path.Combine(work, $"{i}.rgb");
                await File.WriteAllBytesAsync(path, frame.Rgb);
                start.ArgumentList.Add(path);
                start.ArgumentList.Add(frame.Width.ToString(CultureInfo.InvariantCulture));
                start.ArgumentList.Add(frame.Height.ToString(CultureInfo.InvariantCulture));
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                var tail = (await stderr).Trim().Split('\n').LastOrDefault() ?? "";
                throw new InvalidOperationException($"node bench.cjs exited with {process.ExitCode}: {tail}");
            }

            using var json = JsonDocument.Parse(await stdout);
            var times = json.RootElement.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToList();
            var loadMs = json.RootElement.GetProperty("loadMs").GetDouble();
            return Row.From("nsfwjs on TF.js", $"nsfwjs 4.4.0 `infer()`, @tensorflow/tfjs cpu backend, {jpegs.Count} full 1920x1080 frames in (model load {loadMs:F0} ms, not counted)", times, times.Count);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Print(List<Row> rows, Row? tfjs, List<string> files, string loadBefore, int repeat)
    {
        Console.WriteLine($"bench stages: {files.Count} images ({string.Join(", ", files.Select(Path.GetFileName))}), {repeat} passes each");
        Console.WriteLine($"machine: {Machine()}; load average before {loadBefore}, after {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| stage | what is timed | images | mean ms | p50 ms | p95 ms | images/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            PrintRow(row);
        }

        double Mean(string stage) => rows.Single(r => r.Stage == stage).Mean;
        var others = Mean("decode") + Mean("text") + Mean("pdq");
        foreach (var batch in new[] { 1, NsfwBatch })
        {
            var sum = others + Mean($"nsfw, batch {batch}");
            Console.WriteLine($"| all stages, nsfw batch {batch} | sum of the means: decode + nsfw + text + pdq | | {sum:F2} | | | {1000 / sum:F1} |");
        }

        if (tfjs is not null)
        {
            PrintRow(tfjs);
        }

        if (tfjs is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"TF.js nsfwjs / ONNX nsfw per image (mean): {tfjs.Mean / Mean("nsfw, batch 1"):F0}x at batch 1, {tfjs.Mean / Mean("nsfw, batch 8"):F0}x at batch 8; "
                + $"{tfjs.Mean / (Mean("decode") + Mean("nsfw, batch 1")):F0}x against decode + nsfw at batch 1.");
        }
    }

    private static void PrintRow(Row row) =>
        Console.WriteLine($"| {row.Stage} | {row.What} | {row.Count} | {row.Mean:F2} | {row.P50:F2} | {row.P95:F2} | {1000 / row.Mean:F1} |");

    private static Row Measure<T>(string stage, string what, int repeat, IReadOnlyList<T> inputs, Action<T> action)
    {
        // One untimed pass: first runs of a shape and cold caches are not what is being measured.
        foreach (var input in inputs)
        {
            action(input);
        }

        return Row.From(stage, what, Times(repeat, inputs, action), repeat * inputs.Count);
    }

    private static List<double> Times<T>(int repeat, IReadOnlyList<T> inputs, Action<T> action)
    {
        var times = new List<double>(repeat * inputs.Count);
        for (var r = 0; r < repeat; r++)
        {
            foreach (var input in inputs)
            {
                var started = Stopwatch.GetTimestamp();
                action(input);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return times;
    }

    private static bool TryCount(CommandLine.VerbOptions options, string name, int fallback, int minimum, out int value)
    {
        value = fallback;
        return options.Get(name) is not { } raw
            || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum && value < 10_000);
    }

    private static string Size(List<byte[]> jpegs, VipsImageDecoder decoder)
    {
        // The header's size, before the decoder's shrink-on-load.
        var sizes = jpegs.Select(j => decoder.Decode(j, DecodeLimits.Default)).Select(d => $"{d.SourceWidth}x{d.SourceHeight}").Distinct().ToList();
        return string.Join("/", sizes);
    }

    private static string Machine()
    {
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores, {memory:F0} GiB, {os ?? RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewConsole.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private sealed record Row(string Stage, string What, int Count, double Mean, double P50, double P95)
    {
        public static Row From(string stage, string what, List<double> times, int count)
        {
            var sorted = times.Order().ToList();
            return new Row(stage, what, count, sorted.Average(), Percentile(sorted, 0.50), Percentile(sorted, 0.95));
        }

        private static double Percentile(List<double> sorted, double p) =>
            sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];
    }
}
