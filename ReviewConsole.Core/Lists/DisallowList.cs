namespace ReviewConsole.Core.Lists;

/// <summary>
/// A named list of banned images, matched by exact SHA-256 or by PDQ distance within
/// <see cref="PdqThreshold"/>. What a match does (reject or review) is the list's choice.
/// </summary>
public sealed class DisallowList
{
    public const int NameMaxLength = 100;
    public const int DefaultPdqThreshold = 31;

    /// <summary>The list that human rejects feed by default.</summary>
    public const string DefaultName = "default";

    private DisallowList()
    {
        Name = string.Empty;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Largest PDQ Hamming distance that counts as a match. Defaults to 31 (the reference's recommendation).</summary>
    public int PdqThreshold { get; private set; }

    public ListAction Action { get; private set; }

    public bool Enabled { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static DisallowList Create(string name, ListAction action, DateTimeOffset now, int pdqThreshold = DefaultPdqThreshold)
    {
        name = name.Trim();
        if (name.Length is 0 or > NameMaxLength || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"A list name is 1 to {NameMaxLength} letters, digits, '-', '_' or '.'.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(pdqThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pdqThreshold, 128);
        return new DisallowList { Name = name, Action = action, PdqThreshold = pdqThreshold, Enabled = true, CreatedAt = now };
    }

    public void Configure(ListAction action, int pdqThreshold, bool enabled)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pdqThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pdqThreshold, 128);
        (Action, PdqThreshold, Enabled) = (action, pdqThreshold, enabled);
    }
}

/// <summary>What a match on a list does to the image.</summary>
public enum ListAction
{
    Reject,
    Review,
}
