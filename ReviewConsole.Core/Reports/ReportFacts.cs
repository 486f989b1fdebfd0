namespace ReviewConsole.Core.Reports;

/// <summary>The fact names of <see cref="ReportDailyCount"/>.</summary>
public static class ReportFacts
{
    /// <summary>Human labels: category, AI band ("" for none), answer; bin = score tenth.</summary>
    public const string Label = "label";

    /// <summary>Audit answers: the AI's auto-decision, the answer.</summary>
    public const string Audit = "audit";

    /// <summary>Moderators' answers not undone: actor, task kind ("" for none); sum = handling ms.</summary>
    public const string Answer = "answer";

    /// <summary>Timed answers not undone: actor; bin = handling bucket (<see cref="ReportRollups.BucketOf"/>); sum = handling ms.</summary>
    public const string Handling = "handling";

    /// <summary>Review answers later overturned: actor.</summary>
    public const string Overturned = "overturned";

    /// <summary>Gold answers: actor; sum = answered as labelled.</summary>
    public const string Gold = "gold";

    /// <summary>Double-review answers by the second look's time: who ("" for first look against second), "their answer|the other look's".</summary>
    public const string Agreement = "agreement";
}

/// <summary>One rollup figure, computed or read back.</summary>
internal sealed record RollupFact(string Fact, string Key1, string Key2, string Key3, int Bin, long Count, long Sum);
