namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// Settings of the text detector (PP-OCRv4 detection and recognition), bound to the appsettings section
/// <c>Text</c>. Defaults are PaddleOCR's own inference defaults unless noted.
/// </summary>
public sealed class TextOptions
{
    /// <summary>The appsettings section these options bind to.</summary>
    public const string SectionName = "Text";

    /// <summary>Folder holding the model files. Defaults to empty (file names are then used as given).</summary>
    public string ModelsDirectory { get; set; } = "";

    /// <summary>Detection model file. Defaults to <c>ch_PP-OCRv4_det_infer.onnx</c>.</summary>
    public string DetectionModelFile { get; init; } = "ch_PP-OCRv4_det_infer.onnx";

    /// <summary>Recognition model file. Defaults to <c>ch_PP-OCRv4_rec_infer.onnx</c>.</summary>
    public string RecognitionModelFile { get; init; } = "ch_PP-OCRv4_rec_infer.onnx";

    /// <summary>Text orientation (0/180 degrees) model file. Defaults to <c>ch_ppocr_mobile_v2.0_cls_infer.onnx</c>.</summary>
    public string ClassificationModelFile { get; init; } = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>The recogniser's dictionary, one symbol a line. Defaults to <c>ppocr_keys_v1.txt</c>.</summary>
    public string DictionaryFile { get; init; } = "ppocr_keys_v1.txt";

    /// <summary>Version reported for the models in an image's status. Defaults to <c>PP-OCRv4</c>.</summary>
    public string ModelVersion { get; init; } = "PP-OCRv4";

    /// <summary>
    /// The longer side of the detector's input; larger images are scaled down, smaller ones are not scaled up
    /// (PaddleOCR's <c>det_limit_type = max</c>). Defaults to 640, not PaddleOCR's 960: detection time grows
    /// with the input's area (one 1080p image on one thread: 94 ms at 960, 50 at 736, 39 at 640), and the
    /// boxes it finds are read from the full-size buffer; the price is that text too small to survive the
    /// downscale is missed. <c>bench pipeline</c> with text on: 21.5 images/s at 736, 26.9 at 640.
    /// </summary>
    public int DetectionLimitSide { get; init; } = 640;

    /// <summary>Probability above which a map pixel counts as text (<c>det_db_thresh</c>). Defaults to 0.3.</summary>
    public float BinaryThreshold { get; init; } = 0.3f;

    /// <summary>Mean probability a box needs to be kept (<c>det_db_box_thresh</c>). Defaults to 0.6.</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>How far boxes grow back from the shrunk text kernels (<c>det_db_unclip_ratio</c>). Defaults to 1.5.</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>Most connected components examined per image (<c>max_candidates</c>). Defaults to 1000.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Most boxes recognised per image, largest first; coverage still counts every box. Defaults to 50.</summary>
    public int MaxRecognizedBoxes { get; init; } = 50;

    /// <summary>
    /// Crops recognised per model run (PaddleOCR's <c>rec_batch_num</c> is 6). Defaults to 1: on two CPU threads
    /// batching measured slower per line (27 vs 46 ms at 48x320), as every crop of a batch is padded to the widest.
    /// </summary>
    public int RecognitionBatchSize { get; init; } = 1;

    /// <summary>Lines read with less confidence are dropped (<c>drop_score</c>). Defaults to 0.5.</summary>
    public float MinLineConfidence { get; init; } = 0.5f;

    /// <summary>Whether to run the 0/180 degree orientation classifier before recognition. Defaults to false, as in PaddleOCR.</summary>
    public bool UseAngleClassifier { get; init; }

    /// <summary>Orientation classifier confidence needed to turn a crop (<c>cls_thresh</c>). Defaults to 0.9.</summary>
    public float AngleClassifierThreshold { get; init; } = 0.9f;

    /// <summary>Threads ONNX Runtime uses inside one model run. Defaults to 1, like the classifier: images run side by side instead (Scoring:Workers).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Whether ONNX Runtime's threads spin while waiting for work. Defaults to false: spinning lowers latency
    /// a little but burns the CPU the other detectors share.
    /// </summary>
    public bool AllowThreadSpinning { get; init; }

    /// <summary>Whether the sessions run one inference at creation so the first image is not slow. Defaults to true.</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Full path of <paramref name="fileName"/> inside <see cref="ModelsDirectory"/>.</summary>
    public string PathOf(string fileName) =>
        string.IsNullOrEmpty(ModelsDirectory) ? fileName : Path.Combine(ModelsDirectory, fileName);

    /// <summary>Describes every invalid setting; empty when the options can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DetectionLimitSide < 32)
        {
            errors.Add($"Text:{nameof(DetectionLimitSide)} must be at least 32, got {DetectionLimitSide}.");
        }

        CheckUnit(errors, nameof(BinaryThreshold), BinaryThreshold);
        CheckUnit(errors, nameof(BoxThreshold), BoxThreshold);
        CheckUnit(errors, nameof(MinLineConfidence), MinLineConfidence);
        CheckUnit(errors, nameof(AngleClassifierThreshold), AngleClassifierThreshold);
        if (UnclipRatio <= 0)
        {
            errors.Add($"Text:{nameof(UnclipRatio)} must be positive, got {UnclipRatio}.");
        }

        if (MaxCandidates < 1 || MaxRecognizedBoxes < 0 || RecognitionBatchSize < 1 || IntraOpThreads < 1)
        {
            errors.Add($"Text:{nameof(MaxCandidates)}, {nameof(RecognitionBatchSize)} and {nameof(IntraOpThreads)} must be at least 1 and {nameof(MaxRecognizedBoxes)} at least 0.");
        }

        return errors;
    }

    private static void CheckUnit(List<string> errors, string name, float value)
    {
        if (!(value >= 0 && value <= 1))
        {
            errors.Add($"Text:{name} must be between 0 and 1, got {value}.");
        }
    }
}
