using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReviewConsole.Core.Scoring.Models.Conversion;

/// <summary>
/// Converts a TF.js Keras functional model into an ONNX model (opset 17) in which every Keras layer
/// becomes one ONNX operator (plus its activation), so the result computes what TF.js computes.
/// </summary>
/// <remarks>
/// The graph input stays NHWC as in Keras; one Transpose turns it into ONNX's NCHW, and Flatten
/// transposes back first so the flattened order (and so the Dense weights) stays Keras'. Layers
/// covered: InputLayer, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation, ZeroPadding2D,
/// MaxPooling2D, AveragePooling2D, Add, Concatenate, Flatten, Dense, Dropout: what nsfwjs'
/// mobilenet_v2 and inception_v3 use. Anything else is refused with <see cref="NotSupportedException"/>.
/// </remarks>
public static class KerasToOnnxConverter
{
    /// <summary>The ONNX operator set the output declares.</summary>
    public const int OpsetVersion = 17;

    /// <summary>Identifies this converter in the models' producer fields and manifests; bump when the output changes.</summary>
    public const string ProducerVersion = "1";

    /// <summary>Converts <paramref name="model"/> and returns ONNX ModelProto bytes.</summary>
    /// <param name="model">The Keras model with float weights.</param>
    /// <param name="graphName">Name written into the graph (e.g. <c>nsfwjs-mobilenet_v2</c>).</param>
    /// <param name="docString">Free text for the model's doc string (its origin).</param>
    public static byte[] Convert(TfjsLayersModel model, string graphName, string docString = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = new Builder(model, graphName).Build();
        return OnnxModelWriter.Write(graph, OpsetVersion, "ReviewConsole.KerasToOnnxConverter", ProducerVersion, docString);
    }

    /// <summary>A value in the ONNX graph with its static shape: NCHW for images, [N, features] after Flatten; -1 is the batch.</summary>
    private sealed record Value(string Name, int[] Shape)
    {
        public bool IsImage => Shape.Length == 4;
    }

    private sealed class Builder
    {
        private readonly TfjsLayersModel _model;
        private readonly OnnxGraph _graph;
        private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedWeights = new(StringComparer.Ordinal);

        public Builder(TfjsLayersModel model, string graphName)
        {
            _model = model;
            _graph = new OnnxGraph { Name = graphName };
        }

        public OnnxGraph Build()
        {
            string? className = _model.ModelConfig["class_name"]?.GetValue<string>();
            if (className is not ("Model" or "Functional"))
            {
                throw new NotSupportedException($"Only Keras functional models are converted, not '{className}'.");
            }

            JsonObject config = _model.ModelConfig["config"]!.AsObject();
            // Keras writes a functional model's layers in creation order, which is topological:
            // every inbound tensor is defined before it is used, which Inbound() checks.
            foreach (var layer in config["layers"]!.AsArray())
            {
                ConvertLayer(layer!.AsObject());
            }

            foreach (var output in config["output_layers"]!.AsArray())
            {
                Value value = _values[TensorKey(output!.AsArray())];
                if (value.IsImage)
                {
                    throw new NotSupportedException("Image-shaped model outputs are not converted (they would be NCHW).");
                }

                _graph.Outputs.Add(new OnnxValueInfo(value.Name, value.Shape.Select(d => (long)d).ToArray()));
            }

            var unused = _model.Weights.Keys.Where(k => !_usedWeights.Contains(k)).ToList();
            if (unused.Count > 0)
            {
                throw new InvalidDataException($"Weights not used by any layer: {string.Join(", ", unused.Take(5))}.");
            }

            return _graph;
        }

        private void ConvertLayer(JsonObject layer)
        {
            string? className = layer["class_name"]!.GetValue<string>();
            JsonObject config = layer["config"]!.AsObject();
            string name = layer["name"]?.GetValue<string>() ?? config["name"]!.GetValue<string>();
            var output = className switch
            {
                "InputLayer" => Input(name, config),
                "Conv2D" => Conv2D(name, config, Single(layer)),
                "DepthwiseConv2D" => DepthwiseConv2D(name, config, Single(layer)),
                "BatchNormalization" => BatchNormalization(name, config, Single(layer)),
                "ReLU" => Relu(name, config, Single(layer)),
                "Activation" => Activation(name, config["activation"]!.GetValue<string>(), Single(layer), name),
                "ZeroPadding2D" => ZeroPadding2D(name, config, Single(layer)),
                "MaxPooling2D" => Pooling(name, "MaxPool", config, Single(layer)),
                "AveragePooling2D" => Pooling(name, "AveragePool", config, Single(layer)),
                "Add" => Add(name, Inbound(layer)),
                "Concatenate" => Concatenate(name, config, Inbound(layer)),
                "Flatten" => Flatten(name, Single(layer)),
                "Dense" => Dense(name, config, Single(layer)),
                // Dropout is the identity at inference: the layer's output is its input.
                "Dropout" => Single(layer),
                _ => throw new NotSupportedException($"Keras layer '{className}' ({name}) is not supported by the converter."),
            };
            _values[TensorKey(name, 0, 0)] = output;
        }

        private Value Input(string name, JsonObject config)
        {
            int[] shape = config["batch_input_shape"]!.AsArray().Select(d => d is null ? -1 : d.GetValue<int>()).ToArray();
            if (shape.Length != 4 || shape[1] <= 0 || shape[2] <= 0 || shape[3] <= 0)
            {
                throw new NotSupportedException($"Input '{name}' must be [batch, height, width, channels] with fixed sizes.");
            }

            _graph.Inputs.Add(new OnnxValueInfo(name, [-1, shape[1], shape[2], shape[3]]));
            string nchw = Node(name + "/to_nchw", "Transpose", [name], [OnnxAttributeList.Perm(0, 3, 1, 2)]);
            return new Value(nchw, [-1, shape[3], shape[1], shape[2]]);
        }

        private Value Conv2D(string name, JsonObject config, Value input)
        {
            RequireImage(name, input);
            TfjsWeight kernel = Weight(name + "/kernel");
            var (kh, kw, inChannels, filters) = (kernel.Shape[0], kernel.Shape[1], kernel.Shape[2], kernel.Shape[3]);
            if (inChannels != input.Shape[1])
            {
                throw new InvalidDataException($"{name}: kernel expects {inChannels} channels, input has {input.Shape[1]}.");
            }

            // HWIO -> OIHW.
            var oihw = new float[kernel.Values.Length];
            for (var y = 0; y < kh; y++)
            {
                for (var x = 0; x < kw; x++)
                {
                    for (var i = 0; i < inChannels; i++)
                    {
                        for (var o = 0; o < filters; o++)
                        {
                            oihw[((o * inChannels + i) * kh + y) * kw + x] = kernel.Values[((y * kw + x) * inChannels + i) * filters + o];
                        }
                    }
                }
            }

            return Convolution(name, config, input, name + "/kernel", oihw, [filters, inChannels, kh, kw], group: 1, outChannels: filters);
        }

        private Value DepthwiseConv2D(string name, JsonObject config, Value input)
        {
            RequireImage(name, input);
            TfjsWeight kernel = Weight(name + "/depthwise_kernel");
            var (kh, kw, channels, multiplier) = (kernel.Shape[0], kernel.Shape[1], kernel.Shape[2], kernel.Shape[3]);
            if (channels != input.Shape[1])
            {
                throw new InvalidDataException($"{name}: kernel expects {channels} channels, input has {input.Shape[1]}.");
            }

            // [kh, kw, c, m] -> [c * m, 1, kh, kw]: TensorFlow numbers output channel c * m + j, as ONNX's grouped conv does.
            var weights = new float[kernel.Values.Length];
            for (var y = 0; y < kh; y++)
            {
                for (var x = 0; x < kw; x++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        for (var j = 0; j < multiplier; j++)
                        {
                            weights[((c * multiplier + j) * kh + y) * kw + x] = kernel.Values[((y * kw + x) * channels + c) * multiplier + j];
                        }
                    }
                }
            }

            return Convolution(name, config, input, name + "/depthwise_kernel", weights, [channels * multiplier, 1, kh, kw], group: channels, outChannels: channels * multiplier);
        }

        private Value Convolution(string name, JsonObject config, Value input, string weightName, float[] weights, long[] weightDims, int group, int outChannels)
        {
            (int H, int W) kernelSize = Pair(config, "kernel_size");
            (int H, int W) strides = Pair(config, "strides", 1);
            (int H, int W) dilations = Pair(config, "dilation_rate", 1);
            var padding = config["padding"]!.GetValue<string>();
            var (pads, height, width) = Window(name, input, kernelSize, strides, dilations, padding);

            _graph.Initializers.Add(OnnxInitializer.FromFloats(weightName, weightDims, weights));
            var inputs = new List<string> { input.Name, weightName };
            if (TfjsLayersModel.Get(config, "use_bias", true))
            {
                TfjsWeight bias = Weight(name + "/bias");
                _graph.Initializers.Add(OnnxInitializer.FromFloats(name + "/bias", [bias.Values.Length], bias.Values));
                inputs.Add(name + "/bias");
            }

            string activation = TfjsLayersModel.Get(config, "activation", "linear");
            var convOutput = Node(activation == "linear" ? name : name + "/conv", "Conv", inputs,
            [
                OnnxAttribute.OfInts("kernel_shape", kernelSize.H, kernelSize.W),
                OnnxAttribute.OfInts("strides", strides.H, strides.W),
                OnnxAttribute.OfInts("dilations", dilations.H, dilations.W),
                OnnxAttribute.OfInts("pads", pads),
                OnnxAttribute.OfInt("group", group),
            ]);
            return Activation(name, activation, new Value(convOutput, [-1, outChannels, height, width]), name);
        }

        private Value BatchNormalization(string name, JsonObject config, Value input)
        {
            int axis = TfjsLayersModel.Get(config, "axis", -1);
            int rank = input.Shape.Length;
            if (axis != -1 && axis != rank - 1)
            {
                throw new NotSupportedException($"{name}: BatchNormalization over axis {axis} is not supported (only the channel axis).");
            }

            int channels = input.Shape[1];
            float[] mean = Weight(name + "/moving_mean").Values;
            float[] variance = Weight(name + "/moving_variance").Values;
            float[] gamma = TfjsLayersModel.Get(config, "scale", true) ? Weight(name + "/gamma").Values : Filled(channels, 1f);
            float[] beta = TfjsLayersModel.Get(config, "center", true) ? Weight(name + "/beta").Values : Filled(channels, 0f);
            foreach (var (part, values) in new[] { ("gamma", gamma), ("beta", beta), ("moving_mean", mean), ("moving_variance", variance) })
            {
                if (values.Length != channels)
                {
                    throw new InvalidDataException($"{name}: {part} has {values.Length} values for {channels} channels.");
                }

                _graph.Initializers.Add(OnnxInitializer.FromFloats($"{name}/{part}", [channels], values));
            }

            var epsilon = (float)TfjsLayersModel.Get(config, "epsilon", 1e-3);
            var output = Node(name, "BatchNormalization",
                [input.Name, name + "/gamma", name + "/beta", name + "/moving_mean", name + "/moving_variance"],
                [OnnxAttribute.OfFloat("epsilon", epsilon)]);
            return input with { Name = output };
        }

        private Value Relu(string name, JsonObject config, Value input)
        {
            double negativeSlope = TfjsLayersModel.Get(config, "negative_slope", 0.0);
            double threshold = TfjsLayersModel.Get(config, "threshold", 0.0);
            if (negativeSlope != 0 || threshold != 0)
            {
                throw new NotSupportedException($"{name}: ReLU with negative_slope or threshold is not supported.");
            }

            var maxValue = IsNull(config["max_value"]) ? (float?)null : (float)config["max_value"]!.GetValue<double>();
            if (maxValue is null)
            {
                return input with { Name = Node(name, "Relu", [input.Name], []) };
            }

            _graph.Initializers.Add(OnnxInitializer.FromFloats(name + "/min", [], [0f]));
            _graph.Initializers.Add(OnnxInitializer.FromFloats(name + "/max", [], [maxValue.Value]));
            return input with { Name = Node(name, "Clip", [input.Name, name + "/min", name + "/max"], []) };
        }

        private Value Activation(string name, string activation, Value input, string outputName)
        {
            string? opType = activation switch
            {
                "linear" => null,
                "relu" => "Relu",
                "sigmoid" => "Sigmoid",
                "tanh" => "Tanh",
                "softmax" => "Softmax",
                _ => throw new NotSupportedException($"{name}: activation '{activation}' is not supported."),
            };
            if (opType is null)
            {
                return input;
            }

            // Keras applies softmax over the last axis, which is the channel axis: 1 once in NCHW.
            IReadOnlyList<OnnxAttribute> attributes = opType == "Softmax" ? [OnnxAttribute.OfInt("axis", 1)] : [];
            if (opType == "Softmax" && input.IsImage)
            {
                throw new NotSupportedException($"{name}: softmax over an image tensor is not supported.");
            }

            return input with { Name = Node(outputName, opType, [input.Name], attributes) };
        }

        private Value ZeroPadding2D(string name, JsonObject config, Value input)
        {
            RequireImage(name, input);
            var padding = config["padding"]!;
            int top, bottom, left, right;
            if (padding is JsonArray pair && pair.Count == 2 && pair[0] is JsonArray rows && pair[1] is JsonArray columns)
            {
                (top, bottom, left, right) = (rows[0]!.GetValue<int>(), rows[1]!.GetValue<int>(), columns[0]!.GetValue<int>(), columns[1]!.GetValue<int>());
            }
            else if (padding is JsonArray symmetric && symmetric.Count == 2)
            {
                (top, left) = (symmetric[0]!.GetValue<int>(), symmetric[1]!.GetValue<int>());
                (bottom, right) = (top, left);
            }
            else
            {
                top = bottom = left = right = padding.GetValue<int>();
            }

            _graph.Initializers.Add(OnnxInitializer.FromInt64s(name + "/pads", [8], [0, 0, top, left, 0, 0, bottom, right]));
            var output = Node(name, "Pad", [input.Name, name + "/pads"], []);
            return new Value(output, [-1, input.Shape[1], input.Shape[2] + top + bottom, input.Shape[3] + left + right]);
        }

        private Value Pooling(string name, string opType, JsonObject config, Value input)
        {
            RequireImage(name, input);
            (int H, int W) poolSize = Pair(config, "pool_size");
            (int H, int W) strides = IsNull(config["strides"]) ? poolSize : Pair(config, "strides");
            var padding = config["padding"]!.GetValue<string>();
            var (pads, height, width) = Window(name, input, poolSize, strides, (1, 1), padding);
            var attributes = new List<OnnxAttribute>
            {
                OnnxAttribute.OfInts("kernel_shape", poolSize.H, poolSize.W),
                OnnxAttribute.OfInts("strides", strides.H, strides.W),
                OnnxAttribute.OfInts("pads", pads),
            };
            if (opType == "AveragePool")
            {
                // TensorFlow's "same" average pooling divides by the number of real (unpadded) inputs.
                attributes.Add(OnnxAttribute.OfInt("count_include_pad", 0));
            }

            var output = Node(name, opType, [input.Name], attributes);
            return new Value(output, [-1, input.Shape[1], height, width]);
        }

        private Value Add(string name, IReadOnlyList<Value> inputs)
        {
            if (inputs.Count < 2 || inputs.Any(i => !i.Shape.SequenceEqual(inputs[0].Shape)))
            {
                throw new InvalidDataException($"{name}: Add needs two or more inputs of one shape.");
            }

            var output = Node(name, inputs.Count == 2 ? "Add" : "Sum", inputs.Select(i => i.Name).ToList(), []);
            return inputs[0] with { Name = output };
        }

        private Value Concatenate(string name, JsonObject config, IReadOnlyList<Value> inputs)
        {
            int rank = inputs[0].Shape.Length;
            int axis = TfjsLayersModel.Get(config, "axis", -1);
            if (axis < 0)
            {
                axis += rank;
            }

            if (axis != rank - 1 || inputs.Any(i => i.Shape.Length != rank))
            {
                throw new NotSupportedException($"{name}: only concatenation along the channel axis is supported.");
            }

            // The channel axis is Keras' last and ONNX's second (NCHW or [N, features]).
            var output = Node(name, "Concat", inputs.Select(i => i.Name).ToList(), [OnnxAttribute.OfInt("axis", 1)]);
            int[] shape = (int[])inputs[0].Shape.Clone();
            shape[1] = inputs.Sum(i => i.Shape[1]);
            return new Value(output, shape);
        }

        private Value Flatten(string name, Value input)
        {
            if (!input.IsImage)
            {
                return input;
            }

            // Back to NHWC first: Keras flattens height, width, channels in that order, and the next
            // Dense layer's weights are laid out for it.
            string nhwc = Node(name + "/to_nhwc", "Transpose", [input.Name], [OnnxAttributeList.Perm(0, 2, 3, 1)]);
            var output = Node(name, "Flatten", [nhwc], [OnnxAttribute.OfInt("axis", 1)]);
            return new Value(output, [-1, input.Shape[1] * input.Shape[2] * input.Shape[3]]);
        }

        private Value Dense(string name, JsonObject config, Value input)
        {
            if (input.IsImage)
            {
                throw new NotSupportedException($"{name}: Dense on an image tensor is not supported (add Flatten).");
            }

            TfjsWeight kernel = Weight(name + "/kernel");
            if (kernel.Shape[0] != input.Shape[1])
            {
                throw new InvalidDataException($"{name}: kernel expects {kernel.Shape[0]} features, input has {input.Shape[1]}.");
            }

            // Keras' [in, out] kernel is Gemm's B as it is (transB = 0).
            _graph.Initializers.Add(OnnxInitializer.FromFloats(name + "/kernel", [kernel.Shape[0], kernel.Shape[1]], kernel.Values));
            var inputs = new List<string> { input.Name, name + "/kernel" };
            if (TfjsLayersModel.Get(config, "use_bias", true))
            {
                TfjsWeight bias = Weight(name + "/bias");
                _graph.Initializers.Add(OnnxInitializer.FromFloats(name + "/bias", [bias.Values.Length], bias.Values));
                inputs.Add(name + "/bias");
            }

            string activation = TfjsLayersModel.Get(config, "activation", "linear");
            var gemm = Node(activation == "linear" ? name : name + "/gemm", "Gemm", inputs, []);
            return Activation(name, activation, new Value(gemm, [-1, kernel.Shape[1]]), name);
        }

        private (long[] Pads, int Height, int Width) Window(string name, Value input, (int H, int W) kernel, (int H, int W) strides, (int H, int W) dilations, string padding)
        {
            var (padTop, padBottom, height) = Axis(input.Shape[2], kernel.H, strides.H, dilations.H, padding, name);
            var (padLeft, padRight, width) = Axis(input.Shape[3], kernel.W, strides.W, dilations.W, padding, name);
            return ([padTop, padLeft, padBottom, padRight], height, width);
        }

        private static (int Before, int After, int Output) Axis(int size, int kernel, int stride, int dilation, string padding, string name)
        {
            int extent = (kernel - 1) * dilation + 1;
            switch (padding)
            {
                case "valid":
                    return (0, 0, (size - extent) / stride + 1);
                case "same":
                    // TensorFlow's SAME: output ceil(size / stride), odd padding goes after (ONNX's SAME_UPPER),
                    // written out as explicit pads since the shapes are known here.
                    var output = (size + stride - 1) / stride;
                    var total = Math.Max((output - 1) * stride + extent - size, 0);
                    return (total / 2, total - total / 2, output);
                default:
                    throw new NotSupportedException($"{name}: padding '{padding}' is not supported.");
            }
        }

        private string Node(string output, string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute> attributes)
        {
            _graph.Nodes.Add(new OnnxNode(output, opType, inputs, [output], attributes));
            return output;
        }

        private TfjsWeight Weight(string name)
        {
            if (!_model.Weights.TryGetValue(name, out var weight))
            {
                throw new InvalidDataException($"Weight '{name}' is missing from the weights manifest.");
            }

            _usedWeights.Add(name);
            return weight;
        }

        private Value Single(JsonObject layer)
        {
            var inputs = Inbound(layer);
            if (inputs.Count != 1)
            {
                throw new InvalidDataException($"Layer '{layer["name"]}' expects one input, has {inputs.Count}.");
            }

            return inputs[0];
        }

        private List<Value> Inbound(JsonObject layer)
        {
            var nodes = layer["inbound_nodes"]!.AsArray();
            if (nodes.Count != 1)
            {
                throw new NotSupportedException($"Layer '{layer["name"]}' is called {nodes.Count} times; shared layers are not supported.");
            }

            return nodes[0]!.AsArray().Select(reference =>
            {
                var key = TensorKey(reference!.AsArray());
                return _values.TryGetValue(key, out var value)
                    ? value
                    : throw new InvalidDataException($"Layer '{layer["name"]}' uses '{key}' before it is defined.");
            }).ToList();
        }

        private static string TensorKey(JsonArray reference) =>
            TensorKey(reference[0]!.GetValue<string>(), reference[1]!.GetValue<int>(), reference[2]!.GetValue<int>());

        private static string TensorKey(string layer, int node, int tensor) => $"{layer}:{node}:{tensor}";

        private static void RequireImage(string name, Value input)
        {
            if (!input.IsImage)
            {
                throw new NotSupportedException($"{name}: expects an image tensor.");
            }
        }

        private static (int H, int W) Pair(JsonObject config, string key, int fallback = 0)
        {
            var node = config[key];
            if (IsNull(node))
            {
                return fallback > 0 ? (fallback, fallback) : throw new InvalidDataException($"Missing '{key}'.");
            }

            if (node is JsonArray array)
            {
                return (array[0]!.GetValue<int>(), array[1]!.GetValue<int>());
            }

            int value = node.GetValue<int>();
            return (value, value);
        }

        private static bool IsNull([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

        private static float[] Filled(int count, float value)
        {
            var values = new float[count];
            Array.Fill(values, value);
            return values;
        }
    }

    private static class OnnxAttributeList
    {
        public static OnnxAttribute Perm(params long[] perm) => OnnxAttribute.OfInts("perm", perm);
    }
}
