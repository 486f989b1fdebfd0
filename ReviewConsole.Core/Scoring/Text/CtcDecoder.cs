namespace ReviewConsole.Core.Scoring.Text;

/// <summary>Greedy CTC decoding: best class per time step, repeats collapsed, blanks removed.</summary>
public static class CtcDecoder
{
    /// <summary>
    /// Decodes one sequence of <paramref name="probabilities"/> (time steps x <see cref="CtcAlphabet.Count"/>,
    /// row-major, already softmaxed as the PP-OCR models output them).
    /// </summary>
    public static RecognizedText Decode(ReadOnlySpan<float> probabilities, CtcAlphabet alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        int classes = alphabet.Count;
        if (probabilities.Length % classes != 0)
        {
            throw new ArgumentException($"Length {probabilities.Length} is not a multiple of {classes} classes.", nameof(probabilities));
        }

        var text = new System.Text.StringBuilder();
        double confidenceSum = 0;
        int kept = 0;
        int previous = -1;
        for (int t = 0; t < probabilities.Length / classes; t++)
        {
            ReadOnlySpan<float> step = probabilities.Slice(t * classes, classes);
            int best = 0;
            float bestValue = step[0];
            for (int c = 1; c < classes; c++)
            {
                if (step[c] > bestValue)
                {
                    bestValue = step[c];
                    best = c;
                }
            }

            if (best != 0 && best != previous)
            {
                text.Append(alphabet[best]);
                confidenceSum += bestValue;
                kept++;
            }

            previous = best;
        }

        return kept == 0 ? new RecognizedText("", 0f) : new RecognizedText(text.ToString(), (float)(confidenceSum / kept));
    }
}
