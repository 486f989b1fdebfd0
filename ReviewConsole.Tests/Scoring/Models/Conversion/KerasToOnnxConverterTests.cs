using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using ReviewConsole.Core.Scoring.Models.Conversion;
using ReviewConsole.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Models.Conversion;

[Collection(ModelsCollection.Name)]
public sealed class KerasToOnnxConverterTests
{
    private const float Tolerance = 1e-5f;

    private readonly ModelsFixture _fixture;
    private readonly ITestOutputHelper _output;

    public KerasToOnnxConverterTests(ModelsFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public Task MobileNetV2ProbabilitiesMatchTensorFlowJsWithinOneHundredThousandthGivenSameTensors() =>
        ProbabilitiesMatchTensorFlowJsGivenSameTensors("nsfw-mobilenet_v2", "mobilenet_v2");

    [Fact]
    [Trait("Model", "inception_v3")]
    public Task InceptionV3ProbabilitiesMatchTensorFlowJsWithinOneHundredThousandthGivenSameTensors() =>
        ProbabilitiesMatchTensorFlowJsGivenSameTensors("nsfw-inception_v3", "inception_v3");

    private async Task ProbabilitiesMatchTensorFlowJsGivenSameTensors(string modelName, string nsfwjsModel)
    {
        var reference = await _fixture.ReferenceAsync(nsfwjsModel);
        var entry = _fixture.Catalog.Get(modelName);
        using var session = new InferenceSession(_fixture.Catalog.PathOf(entry.File));
        using var input = OrtValue.CreateTensorValueFromMemory(reference.Tensors, [reference.TensorCount, reference.Size, reference.Size, 3]);
        using var outputs = session.Run(new RunOptions(), [entry.Input.Name], [input], [entry.OutputName]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(reference.TensorCount * 5, actual.Length);
        var maxDifference = 0f;
        for (var n = 0; n < reference.TensorCount; n++)
        {
            Assert.Equal(5, reference.ExpectedTensors[n].Length);
            for (var k = 0; k < 5; k++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(actual[n * 5 + k] - reference.ExpectedTensors[n][k]));
            }
        }

        _output.WriteLine($"{modelName}: max |ONNX Runtime - TF.js| over {reference.TensorCount} tensors = {maxDifference:E2}");
        Assert.InRange(maxDifference, 0f, Tolerance);
        // The inputs must tell the model something: identical answers for all of them would make the match meaningless.
        var answers = reference.ExpectedTensors.Concat(reference.ExpectedImages).ToList();
        var spread = Enumerable.Range(0, 5).Max(k => answers.Max(p => p[k]) - answers.Min(p => p[k]));
        Assert.True(spread > 0.01f, $"TF.js gave (nearly) the same answer for every input (spread {spread}).");
    }

    [Fact]
    public void DequantisesUint8WeightsAsTensorFlowJsDoesInDoublePrecision()
    {
        var manifest = JsonNode.Parse("""
            [{ "paths": ["group1-shard1of1"], "weights": [
                { "name": "w", "shape": [3], "dtype": "float32", "quantization": { "dtype": "uint8", "min": -1.0333, "scale": 0.0081 } }
            ]}]
            """)!.AsArray();

        var weights = TfjsLayersModel.DecodeWeights(manifest, [0, 7, 255]);

        Assert.Equal(new[] { (float)-1.0333, (float)(7 * 0.0081 - 1.0333), (float)(255 * 0.0081 - 1.0333) }, weights["w"].Values);
    }

    [Fact]
    public void RefusesShardsThatHoldMoreBytesThanTheManifestDescribes()
    {
        var manifest = JsonNode.Parse("""
            [{ "paths": ["a"], "weights": [{ "name": "w", "shape": [2], "dtype": "float32", "quantization": { "dtype": "uint8", "min": 0, "scale": 1 } }] }]
            """)!.AsArray();

        Assert.Throws<InvalidDataException>(() => TfjsLayersModel.DecodeWeights(manifest, [1, 2, 3]));
    }

    [Fact]
    public void RefusesALayerTypeItDoesNotKnowNamingTheLayer()
    {
        var config = JsonNode.Parse("""
            { "class_name": "Model", "config": {
                "layers": [
                  { "name": "input_1", "class_name": "InputLayer", "config": { "batch_input_shape": [null, 8, 8, 3] }, "inbound_nodes": [] },
                  { "name": "lstm_1", "class_name": "LSTM", "config": {}, "inbound_nodes": [[["input_1", 0, 0, {}]]] }
                ],
                "input_layers": [["input_1", 0, 0]], "output_layers": [["lstm_1", 0, 0]] } }
            """)!.AsObject();
        var model = new TfjsLayersModel(config, new Dictionary<string, TfjsWeight>());

        var error = Assert.Throws<NotSupportedException>(() => KerasToOnnxConverter.Convert(model, "test"));

        Assert.Contains("LSTM", error.Message);
        Assert.Contains("lstm_1", error.Message);
    }

    [Fact]
    public void ConvertedModelTakesNhwcInputAndGivesOneProbabilityPerClass()
    {
        var entry = _fixture.Catalog.Get("nsfw-mobilenet_v2");
        using var session = new InferenceSession(_fixture.Catalog.PathOf(entry.File));

        var input = session.InputMetadata[entry.Input.Name];
        var output = session.OutputMetadata[entry.OutputName];

        Assert.Equal(new[] { -1, 224, 224, 3 }, input.Dimensions);
        Assert.Equal(new[] { -1, 5 }, output.Dimensions);
    }
}
