namespace ReviewConsole.Core.Scoring.Pdq;

/// <summary>
/// The hashes of an image and of its seven rotations and mirror images, named as in the reference
/// implementation, with the quality they share.
/// </summary>
/// <param name="Original">The image as given.</param>
/// <param name="Rotate90">Turned a quarter turn anticlockwise, as the reference's <c>rotate-90</c> sample.</param>
/// <param name="Rotate180">Turned half a turn.</param>
/// <param name="Rotate270">Turned a quarter turn clockwise.</param>
/// <param name="FlipX">Mirrored top to bottom (about the horizontal axis).</param>
/// <param name="FlipY">Mirrored left to right (about the vertical axis).</param>
/// <param name="FlipPlus1">Mirrored about the main diagonal (transposed).</param>
/// <param name="FlipMinus1">Mirrored about the anti-diagonal.</param>
/// <param name="Quality">0-100, as in <see cref="PdqResult.Quality"/>.</param>
public readonly record struct PdqDihedralResult(
    PdqHash Original,
    PdqHash Rotate90,
    PdqHash Rotate180,
    PdqHash Rotate270,
    PdqHash FlipX,
    PdqHash FlipY,
    PdqHash FlipPlus1,
    PdqHash FlipMinus1,
    int Quality);
