using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>A hash and the caller's id for it, as stored in an <see cref="IPdqIndex"/>.</summary>
/// <param name="Hash">The PDQ hash.</param>
/// <param name="Id">The caller's id (a list entry, for instance).</param>
public readonly record struct PdqEntry(PdqHash Hash, long Id);
