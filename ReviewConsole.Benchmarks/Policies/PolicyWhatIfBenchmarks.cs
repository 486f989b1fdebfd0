using BenchmarkDotNet.Attributes;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Benchmarks.Policies;

/// <summary>
/// The policy editor re-evaluates its what-if on every threshold change, in the admin's circuit:
/// one evaluation over the editor's bounded sample must stay well under a keystroke's budget (~50 ms).
/// </summary>
[MemoryDiagnoser]
public class PolicyWhatIfBenchmarks
{
    private static readonly string[] Scored = [Categories.Nudity, Categories.Suggestive, Categories.ExplicitDrawing, Categories.Illustration, Categories.Text, Categories.SpamText, Categories.Disallowed];

    private IReadOnlyList<IReadOnlyDictionary<string, double>> _recent = [];
    private IReadOnlyList<LabelledScores> _labelled = [];

    /// <summary>Recent images evaluated (the editor reads at most <see cref="PolicyTraffic.DefaultSample"/>).</summary>
    [Params(20_000)]
    public int Recent { get; set; }

    /// <summary>Labelled images evaluated.</summary>
    [Params(2_000, 20_000)]
    public int Labelled { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _recent = [.. Enumerable.Range(0, Recent).Select(_ => Snapshot(random))];
        _labelled = [.. Enumerable.Range(0, Labelled).Select(_ => new LabelledScores(Snapshot(random), random.NextDouble() < 0.7))];
    }

    [Benchmark]
    public WhatIfResult EvaluateDefaultPolicy() => PolicyWhatIf.Evaluate(DefaultPolicies.Default.Rules, _recent, _labelled);

    private static Dictionary<string, double> Snapshot(Random random)
    {
        // Most traffic is clean: skew scores towards 0, with a rare list match.
        var scores = Scored.ToDictionary(c => c, _ => Math.Pow(random.NextDouble(), 4), StringComparer.Ordinal);
        scores[Categories.Disallowed] = random.NextDouble() < 0.01 ? 1 : 0;
        return scores;
    }
}
