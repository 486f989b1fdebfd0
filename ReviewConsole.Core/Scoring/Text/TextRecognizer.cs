using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// PP-OCRv4 text recognition: crops each region upright, batches crops of similar aspect ratio at height 48 and
/// decodes the model's CTC output greedily. Optionally turns upside-down crops first with the orientation
/// classifier. One instance serves all threads.
/// </summary>
public sealed class TextRecognizer : ITextRecognizer, IDisposable
{
    // PaddleOCR's rec_image_shape is 3,48,320: crops are 48 px high and a batch is never narrower than 320.
    private const int InputHeight = 48;
    private const float MinBatchRatio = 320f / 48f;
    // cls_image_shape is 3,48,192.
    private const int ClassifierWidth = 192;
    // get_rotate_crop_image turns crops at least 1.5 times taller than wide, taking them for vertical text.
    private const float VerticalRatio = 1.5f;

    private readonly OcrSession _recognition;
    private readonly OcrSession? _classifier;
    private readonly CtcAlphabet _alphabet;
    private readonly TextOptions _options;

    /// <summary>Loads the recognition model, the dictionary and, if enabled, the orientation classifier.</summary>
    public TextRecognizer(TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        string dictionaryPath = options.PathOf(options.DictionaryFile);
        if (!File.Exists(dictionaryPath))
        {
            throw new FileNotFoundException($"Text dictionary not found at '{dictionaryPath}'.", dictionaryPath);
        }

        _alphabet = CtcAlphabet.Load(dictionaryPath);
        _recognition = new OcrSession(options.PathOf(options.RecognitionModelFile), options);
        try
        {
            _classifier = options.UseAngleClassifier ? new OcrSession(options.PathOf(options.ClassificationModelFile), options) : null;
        }
        catch
        {
            _recognition.Dispose();
            throw;
        }

        if (options.WarmUp)
        {
            var blank = new PixelBuffer(320, InputHeight, Enumerable.Repeat((byte)255, 320 * InputHeight * 3).ToArray());
            Recognize(blank, [TextQuad.FromRectangle(0, 0, 320, InputHeight)]);
        }
    }

    /// <summary>Number of classes of the loaded dictionary (blank and space included).</summary>
    public int AlphabetSize => _alphabet.Count;

    /// <inheritdoc />
    public IReadOnlyList<RecognizedText> Recognize(PixelBuffer image, IReadOnlyList<TextQuad> regions)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(regions);
        var results = new RecognizedText[regions.Count];
        var crops = new List<Crop>(regions.Count);
        for (int i = 0; i < regions.Count; i++)
        {
            results[i] = new RecognizedText("", 0f);
            Crop? crop = Crop.Upright(i, regions[i]);
            if (crop is not null)
            {
                crops.Add(crop.Value);
            }
        }

        if (_classifier is not null)
        {
            crops = Orient(image, crops, _classifier);
        }

        // When batching, crops of similar width go together so the padding, and so the wasted compute, stays small.
        crops.Sort(static (a, b) => a.Ratio.CompareTo(b.Ratio));
        for (int start = 0; start < crops.Count; start += _options.RecognitionBatchSize)
        {
            List<Crop> batch = crops.GetRange(start, Math.Min(_options.RecognitionBatchSize, crops.Count - start));
            float maxRatio = Math.Max(MinBatchRatio, batch.Max(c => c.Ratio));
            int batchWidth = (int)(InputHeight * maxRatio);
            float[] input = BuildBatch(image, batch, batchWidth);
            RecognizedText[] decoded = _recognition.Run(input, [batch.Count, 3, InputHeight, batchWidth], Decode);
            for (int k = 0; k < batch.Count; k++)
            {
                results[batch[k].Index] = decoded[k];
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _recognition.Dispose();
        _classifier?.Dispose();
    }

    private RecognizedText[] Decode(ReadOnlySpan<float> output, long[] shape)
    {
        int count = (int)shape[0];
        int steps = (int)shape[1];
        int classes = (int)shape[2];
        if (classes != _alphabet.Count)
        {
            throw new InvalidOperationException(
                $"The recognition model has {classes} classes but the dictionary gives {_alphabet.Count}; the model and '{_options.DictionaryFile}' do not belong together.");
        }

        var decoded = new RecognizedText[count];
        for (int k = 0; k < count; k++)
        {
            decoded[k] = CtcDecoder.Decode(output.Slice(k * steps * classes, steps * classes), _alphabet);
        }

        return decoded;
    }

    private List<Crop> Orient(PixelBuffer image, List<Crop> crops, OcrSession classifier)
    {
        var oriented = new List<Crop>(crops);
        for (int start = 0; start < crops.Count; start += _options.RecognitionBatchSize)
        {
            List<Crop> batch = crops.GetRange(start, Math.Min(_options.RecognitionBatchSize, crops.Count - start));
            float[] input = BuildBatch(image, batch, ClassifierWidth);
            bool[] flip = classifier.Run(input, [batch.Count, 3, InputHeight, ClassifierWidth], (output, shape) =>
            {
                var result = new bool[(int)shape[0]];
                for (int k = 0; k < result.Length; k++)
                {
                    // Labels are "0" and "180"; only a confident "180" turns the crop.
                    float upsideDown = output[(k * 2) + 1];
                    result[k] = upsideDown > output[k * 2] && upsideDown > _options.AngleClassifierThreshold;
                }

                return result;
            });
            for (int k = 0; k < batch.Count; k++)
            {
                if (flip[k])
                {
                    oriented[start + k] = batch[k].Turned180();
                }
            }
        }

        return oriented;
    }

    private static float[] BuildBatch(PixelBuffer image, List<Crop> batch, int batchWidth)
    {
        int plane = InputHeight * batchWidth;
        // Zeros after normalisation: the padding is mid grey, as PaddleOCR pads its normalised crops.
        var input = new float[batch.Count * 3 * plane];
        for (int k = 0; k < batch.Count; k++)
        {
            Crop crop = batch[k];
            int width = Math.Min((int)Math.Ceiling(InputHeight * crop.Ratio), batchWidth);
            byte[] pixels = TextCrop.Sample(image, crop.Quad, Math.Max(1, width), InputHeight);
            int offset = k * 3 * plane;
            for (int y = 0; y < InputHeight; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int p = ((y * width) + x) * 3;
                    int o = offset + (y * batchWidth) + x;
                    for (int c = 0; c < 3; c++)
                    {
                        // Tensor channel c is BGR channel c (the models were trained on cv2's BGR images);
                        // (x / 255 - 0.5) / 0.5 is the rec and cls NormalizeImage.
                        input[o + (c * plane)] = (pixels[p + 2 - c] / 127.5f) - 1f;
                    }
                }
            }
        }

        return input;
    }

    private readonly record struct Crop(int Index, TextQuad Quad, float Width, float Height)
    {
        public float Ratio => Width / Height;

        public static Crop? Upright(int index, TextQuad quad)
        {
            // get_rotate_crop_image sizes the crop in whole pixels.
            int width = (int)quad.Width;
            int height = (int)quad.Height;
            if (width < 1 || height < 1)
            {
                return null;
            }

            if ((float)height / width >= VerticalRatio)
            {
                // np.rot90: a quarter turn counter-clockwise, so the old top-right corner leads.
                return new Crop(index, new TextQuad(quad.TopRight, quad.BottomRight, quad.BottomLeft, quad.TopLeft), height, width);
            }

            return new Crop(index, quad, width, height);
        }

        public Crop Turned180() => this with { Quad = new TextQuad(Quad.BottomRight, Quad.BottomLeft, Quad.TopLeft, Quad.TopRight) };
    }
}
