using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists;

/// <summary>One banned image on a list: its SHA-256 and/or PDQ hash, and where it came from.</summary>
public sealed class DisallowListEntry
{
    /// <summary>PDQ hashes of lower quality are too unreliable to match by distance (the reference's advice); they match by SHA-256 only.</summary>
    public const int MinPdqQuality = 50;

    public const int NoteMaxLength = 1000;

    public const int AddedByMaxLength = 256;

    private DisallowListEntry()
    {
        AddedBy = string.Empty;
    }

    public long Id { get; private set; }

    public int ListId { get; private set; }

    public string? Sha256 { get; private set; }

    public string? Pdq { get; private set; }

    public int? PdqQuality { get; private set; }

    /// <summary>The submission whose decision added this entry, if any.</summary>
    public Guid? SourceImageId { get; private set; }

    public string AddedBy { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    public string? Note { get; private set; }

    public bool MatchesByPdq => Pdq is not null && (PdqQuality ?? 100) >= MinPdqQuality;

    public PdqHash? PdqHash => Pdq is null ? null : Scoring.Pdq.PdqHash.Parse(Pdq);

    public static DisallowListEntry Create(int listId, string? sha256, PdqHash? pdq, int? pdqQuality, Guid? sourceImageId, string addedBy, DateTimeOffset now, string? note = null)
    {
        if (sha256 is null && pdq is null)
        {
            throw new ArgumentException("An entry needs a SHA-256, a PDQ hash or both.");
        }

        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            throw new ArgumentException("A SHA-256 is 64 hex digits.", nameof(sha256));
        }

        if (pdqQuality is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(pdqQuality), pdqQuality, "A PDQ quality is 0 to 100.");
        }

        if (note?.Length > NoteMaxLength)
        {
            throw new ArgumentException($"A note is at most {NoteMaxLength} characters.", nameof(note));
        }

        return new DisallowListEntry
        {
            ListId = listId,
            Sha256 = sha256?.ToLowerInvariant(),
            Pdq = pdq?.ToString(),
            PdqQuality = pdqQuality,
            SourceImageId = sourceImageId,
            AddedBy = addedBy,
            AddedAt = now,
            Note = note,
        };
    }
}
