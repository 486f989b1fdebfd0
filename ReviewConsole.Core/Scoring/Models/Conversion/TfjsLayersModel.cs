using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReviewConsole.Core.Scoring.Models.Conversion;

/// <summary>A float32 weight tensor in TensorFlow's own layout (e.g. HWIO for a Conv2D kernel).</summary>
/// <param name="Shape">Dimensions as the TF.js weights manifest gives them.</param>
/// <param name="Values">Row-major values.</param>
public sealed record TfjsWeight(int[] Shape, float[] Values);

/// <summary>
/// A TF.js Keras layers model: the <c>modelTopology</c> JSON (Keras' <c>model_config</c>) and its weights
/// decoded to float32.
/// </summary>
public sealed class TfjsLayersModel
{
    /// <summary>Creates a model from its topology and decoded weights.</summary>
    public TfjsLayersModel(JsonObject modelConfig, IReadOnlyDictionary<string, TfjsWeight> weights)
    {
        ArgumentNullException.ThrowIfNull(modelConfig);
        ArgumentNullException.ThrowIfNull(weights);
        ModelConfig = modelConfig;
        Weights = weights;
    }

    /// <summary>Keras' <c>model_config</c>: <c>{ "class_name": "Model", "config": { "layers": [...], ... } }</c>.</summary>
    public JsonObject ModelConfig { get; }

    /// <summary>Weights by their manifest name, e.g. <c>Conv1/kernel</c>.</summary>
    public IReadOnlyDictionary<string, TfjsWeight> Weights { get; }

    /// <summary>
    /// Parses a TF.js <c>model.json</c> (with <c>modelTopology</c> and <c>weightsManifest</c>) and the
    /// concatenated weight shards, dequantising as TF.js does.
    /// </summary>
    public static TfjsLayersModel Parse(string modelJson, ReadOnlySpan<byte> weightData)
    {
        JsonObject root = JsonNode.Parse(modelJson)?.AsObject() ?? throw new InvalidDataException("model.json is empty.");
        JsonObject topology = root["modelTopology"]?.AsObject() ?? throw new InvalidDataException("model.json has no modelTopology.");
        JsonObject modelConfig = topology["model_config"]?.AsObject() ?? topology;
        JsonArray manifest = root["weightsManifest"]?.AsArray() ?? throw new InvalidDataException("model.json has no weightsManifest.");
        return new TfjsLayersModel(modelConfig, DecodeWeights(manifest, weightData));
    }

    /// <summary>
    /// Decodes the weights the manifest's groups describe, in order, from <paramref name="weightData"/>
    /// (every group's shards concatenated in manifest order).
    /// </summary>
    public static IReadOnlyDictionary<string, TfjsWeight> DecodeWeights(JsonArray weightsManifest, ReadOnlySpan<byte> weightData)
    {
        var weights = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
        int offset = 0;
        foreach (var group in weightsManifest)
        {
            foreach (var spec in group!["weights"]!.AsArray())
            {
                string name = spec!["name"]!.GetValue<string>();
                int[] shape = spec["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
                string dtype = spec["dtype"]!.GetValue<string>();
                if (dtype != "float32")
                {
                    throw new NotSupportedException($"Weight '{name}' has dtype '{dtype}'; only float32 weights are converted.");
                }

                int count = shape.Aggregate(1, (a, b) => checked(a * b));
                float[] values = new float[count];
                JsonObject? quantization = spec["quantization"]?.AsObject();
                int byteLength = DecodeOne(name, quantization, weightData[offset..], values);
                weights.Add(name, new TfjsWeight(shape, values));
                offset += byteLength;
            }
        }

        if (offset != weightData.Length)
        {
            throw new InvalidDataException($"The weights manifest describes {offset} bytes but the shards hold {weightData.Length}.");
        }

        return weights;
    }

    private static int DecodeOne(string name, JsonObject? quantization, ReadOnlySpan<byte> data, float[] values)
    {
        if (quantization is null)
        {
            int byteLength = values.Length * sizeof(float);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BitConverter.ToSingle(data.Slice(i * sizeof(float), sizeof(float)));
            }

            return byteLength;
        }

        string quantizedType = quantization["dtype"]!.GetValue<string>();
        // TF.js computes q * scale + min in double precision and stores it into a Float32Array;
        // doing the same keeps the converted weights bit-identical to the ones TF.js runs with.
        double scale = quantization["scale"]!.GetValue<double>();
        double min = quantization["min"]!.GetValue<double>();
        switch (quantizedType)
        {
            case "uint8":
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)(data[i] * scale + min);
                }

                return values.Length;
            case "uint16":
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)(BitConverter.ToUInt16(data.Slice(i * 2, 2)) * scale + min);
                }

                return values.Length * 2;
            default:
                throw new NotSupportedException($"Weight '{name}' uses quantization '{quantizedType}'; only uint8 and uint16 are supported.");
        }
    }

    /// <summary>Reads a layer's config value as <typeparamref name="T"/>, or <paramref name="fallback"/> when absent or null.</summary>
    internal static T Get<T>(JsonObject config, string key, T fallback)
    {
        JsonNode? node = config[key];
        return node is null || node.GetValueKind() == JsonValueKind.Null ? fallback : node.GetValue<T>();
    }
}
