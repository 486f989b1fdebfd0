namespace ReviewConsole.Core.Lists;

/// <summary>An image's match against one list entry.</summary>
/// <param name="Distance">PDQ Hamming distance; 0 for an exact SHA-256 match.</param>
public sealed record ListMatch(int ListId, string ListName, ListAction Action, long EntryId, bool ExactSha256, int Distance)
{
    /// <summary>The <c>disallowed</c> score: 1 for identical bytes, falling with PDQ distance.</summary>
    public double Score => ExactSha256 ? 1.0 : 1.0 - (Distance / 256.0);

    public string Describe() => ExactSha256
        ? $"identical bytes (SHA-256) to entry {EntryId}"
        : $"PDQ distance {Distance} to entry {EntryId}";
}
