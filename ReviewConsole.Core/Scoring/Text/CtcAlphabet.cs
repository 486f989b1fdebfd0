namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// The recogniser's symbols by class index: the CTC blank at 0, then the dictionary's lines, then a space,
/// as PaddleOCR's <c>CTCLabelDecode</c> builds it with <c>use_space_char</c>.
/// </summary>
public sealed class CtcAlphabet
{
    private readonly string[] _symbols;

    /// <summary>Builds the alphabet from the dictionary's symbols (blank and space are added).</summary>
    public CtcAlphabet(IEnumerable<string> dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        _symbols = ["", .. dictionary, " "];
    }

    /// <summary>Number of classes, blank and space included; the model's last dimension must equal it.</summary>
    public int Count => _symbols.Length;

    /// <summary>The symbol of class <paramref name="index"/>; the blank is the empty string.</summary>
    public string this[int index] => _symbols[index];

    /// <summary>Reads a dictionary file, one symbol per line (UTF-8, only the line break stripped, as PaddleOCR does).</summary>
    public static CtcAlphabet Load(string path)
    {
        string text = File.ReadAllText(path, System.Text.Encoding.UTF8);
        string[] lines = text.Split('\n');
        IEnumerable<string> symbols = lines.Select(l => l.TrimEnd('\r'));
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            symbols = symbols.Take(lines.Length - 1);
        }

        return new CtcAlphabet(symbols);
    }
}
