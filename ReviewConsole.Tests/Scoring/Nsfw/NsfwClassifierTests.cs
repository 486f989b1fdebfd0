using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Nsfw;

[Collection(ModelsCollection.Name)]
public sealed class NsfwClassifierTests
{
    private readonly ModelsFixture _fixture;
    private readonly ITestOutputHelper _output;

    public NsfwClassifierTests(ModelsFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public Task MobileNetV2PipelineMatchesNsfwjsWithinOneHundredThousandthGivenSamePixels() =>
        PipelineMatchesNsfwjsGivenSamePixels("nsfw-mobilenet_v2", "mobilenet_v2");

    [Fact]
    [Trait("Model", "inception_v3")]
    public Task InceptionV3PipelineMatchesNsfwjsWithinOneHundredThousandthGivenSamePixels() =>
        PipelineMatchesNsfwjsGivenSamePixels("nsfw-inception_v3", "inception_v3");

    private async Task PipelineMatchesNsfwjsGivenSamePixels(string modelName, string nsfwjsModel)
    {
        var reference = await _fixture.ReferenceAsync(nsfwjsModel);
        using var classifier = new NsfwClassifier(_fixture.Catalog, new NsfwOptions { Model = modelName, BatchSize = 2 });

        var actual = classifier.Classify(reference.Images.Select(i => new PixelBuffer(i.Width, i.Height, i.Rgb)).ToList());

        Assert.Equal(reference.ExpectedImages.Length, actual.Length);
        var maxDifference = actual.Zip(reference.ExpectedImages, (a, e) => a.Zip(e, (x, y) => Math.Abs(x - y)).Max()).Max();
        _output.WriteLine($"{modelName}: max |pipeline - nsfwjs infer()| over {actual.Length} images = {maxDifference:E2}");
        Assert.InRange(maxDifference, 0f, 1e-5f);
    }

    [Fact]
    public async Task ClassifyingPreprocessedTensorsInBatchesMatchesTensorFlowJs()
    {
        var reference = await _fixture.ReferenceAsync("mobilenet_v2");
        // A batch of 4 and a remainder of 2 that runs one by one.
        using var classifier = new NsfwClassifier(_fixture.Catalog, new NsfwOptions { BatchSize = 4 });

        var actual = classifier.ClassifyPreprocessed(reference.Tensors, reference.TensorCount);

        for (var n = 0; n < reference.TensorCount; n++)
        {
            Assert.All(actual[n].Zip(reference.ExpectedTensors[n]), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0f, 1e-5f));
        }
    }

    [Fact]
    public void PhotoLikeImageGetsOneProbabilityPerNsfwjsClassSummingToOne()
    {
        using var classifier = new NsfwClassifier(_fixture.Catalog, new NsfwOptions());

        var probabilities = Assert.Single(classifier.Classify([new PixelBuffer(800, 600, TestImages.PhotoLike(800, 600, 11))]));

        Assert.Equal(new[] { "Drawing", "Hentai", "Neutral", "Porn", "Sexy" }, classifier.Labels);
        Assert.Equal(5, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.InRange(probabilities.Sum(), 0.9999f, 1.0001f);
    }

    [Fact]
    public void ConcurrentCallersGetTheSameAnswersAsOneCallerAlone()
    {
        using var classifier = new NsfwClassifier(_fixture.Catalog, new NsfwOptions { BatchSize = 3 });
        var images = Enumerable.Range(0, 7).Select(i => new PixelBuffer(320, 240, TestImages.PhotoLike(320, 240, 20 + i))).ToList();
        var alone = classifier.Classify(images);

        var concurrent = new float[4][][];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = classifier.Classify(images));

        Assert.All(concurrent, answers => Assert.Equal(alone, answers));
    }

    [Fact]
    public void UnknownModelIsRefusedNamingTheImportedOnes()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new NsfwClassifier(_fixture.Catalog, new NsfwOptions { Model = "nsfw-nope" }));

        Assert.Contains("nsfw-mobilenet_v2", error.Message);
    }

    [Fact]
    public void BatchSizeOutOfRangeIsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new NsfwClassifier(_fixture.Catalog, new NsfwOptions { BatchSize = 0 }));

        Assert.Contains("Nsfw:BatchSize", error.Message);
    }
}
