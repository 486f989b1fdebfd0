using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>
/// The contents of <c>models.json</c> in the models folder: every model the importer put there, with
/// the hashes the loader checks before a model is used.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The manifest's file name inside the models folder.</summary>
    public const string FileName = "models.json";

    /// <summary>Version of this file's layout; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The models, in import order.</summary>
    public IReadOnlyList<ModelManifestEntry> Models { get; init; } = [];

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The file is read by people too: keep '+' and '/' in versions and paths as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>One model file (ONNX) and what a detector needs to feed it and read its answer.</summary>
public sealed class ModelManifestEntry
{
    /// <summary>Unique name, e.g. <c>nsfw-mobilenet_v2</c>; options refer to models by it.</summary>
    public required string Name { get; init; }

    /// <summary>The detector that runs it: <c>nsfw</c> or <c>text</c>.</summary>
    public required string Detector { get; init; }

    /// <summary>A version string for score snapshots, e.g. <c>nsfwjs@4.4.0/mobilenet_v2+onnx1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The model file, relative to the models folder.</summary>
    public required string File { get; init; }

    /// <summary>Lower-case hex SHA-256 of <see cref="File"/>.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Where the model came from.</summary>
    public required ModelSource Source { get; init; }

    /// <summary>How to build the input tensor.</summary>
    public required ModelInputSpec Input { get; init; }

    /// <summary>Name of the output tensor the detector reads.</summary>
    public required string OutputName { get; init; }

    /// <summary>Output labels in output order (classifiers only).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Label -> product category (PRODUCT.md); null for a label that yields no category (e.g. Neutral).</summary>
    public IReadOnlyDictionary<string, string?> Categories { get; init; } = new Dictionary<string, string?>();

    /// <summary>Further files the model needs (e.g. the recogniser's dictionary), hashed like the model.</summary>
    public IReadOnlyList<ModelAssetFile> Assets { get; init; } = [];

    /// <summary>Free text for operators (known caveats).</summary>
    public string? Notes { get; init; }
}

/// <summary>The npm package a model was taken from.</summary>
/// <param name="Package">npm package name, e.g. <c>nsfwjs</c>.</param>
/// <param name="Version">Exact package version.</param>
/// <param name="Path">Path of the model inside the package.</param>
/// <param name="Conversion">How the file was produced from it: <c>copy</c> or <c>keras-to-onnx/1</c>.</param>
public sealed record ModelSource(string Package, string Version, string Path, string Conversion);

/// <summary>A file that belongs to a model besides the ONNX file.</summary>
/// <param name="Role">What it is for, e.g. <c>dictionary</c>.</param>
/// <param name="File">Relative to the models folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
public sealed record ModelAssetFile(string Role, string File, string Sha256);

/// <summary>The model's input tensor and the preprocessing that produces it.</summary>
public sealed class ModelInputSpec
{
    /// <summary>Input tensor name.</summary>
    public required string Name { get; init; }

    /// <summary><c>NHWC</c> or <c>NCHW</c>.</summary>
    public required string Layout { get; init; }

    /// <summary>Input width in pixels; null when the model accepts any (a multiple of <see cref="SizeMultiple"/>).</summary>
    public int? Width { get; init; }

    /// <summary>Input height in pixels; null when variable.</summary>
    public int? Height { get; init; }

    /// <summary>For variable sizes: the size each side must be a multiple of.</summary>
    public int? SizeMultiple { get; init; }

    /// <summary>Channel order the model expects: <c>RGB</c> or <c>BGR</c>.</summary>
    public required string ChannelOrder { get; init; }

    /// <summary>Resampling to the input size, e.g. <c>bilinear-align-corners</c>.</summary>
    public required string Resize { get; init; }

    /// <summary>Value = (byte * Scale - Mean[c]) / Std[c].</summary>
    public required double Scale { get; init; }

    /// <summary>Per-channel mean (after scaling), in <see cref="ChannelOrder"/>.</summary>
    public required IReadOnlyList<double> Mean { get; init; }

    /// <summary>Per-channel standard deviation (after scaling), in <see cref="ChannelOrder"/>.</summary>
    public required IReadOnlyList<double> Std { get; init; }
}
