namespace ReviewConsole.Core.Scoring.Pdq;

/// <summary>A PDQ hash with the reference's quality score for the image it came from.</summary>
/// <param name="Hash">The 256-bit hash; all zero for images smaller than <see cref="PdqHasher.MinHashableSide"/>.</param>
/// <param name="Quality">
/// 0-100, from the amount of detail in the 64x64 reduction. The reference's bar for a trustworthy
/// hash is 50; at 80 and above, independent implementations agree within 10 bits.
/// </param>
public readonly record struct PdqResult(PdqHash Hash, int Quality);
