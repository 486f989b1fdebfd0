namespace ReviewConsole.Core.Notifications;

/// <summary>The events a source is told about; the <c>type</c> field of every webhook body.</summary>
public static class WebhookEventTypes
{
    /// <summary>An image got its first final decision (automatic or human).</summary>
    public const string Decided = "image.decided";

    /// <summary>A decided image's decision was changed (an overturn or an undo after the first notice).</summary>
    public const string DecisionChanged = "image.decision_changed";

    public const int MaxLength = 40;

    public static bool IsKnown(string? eventType) => eventType is Decided or DecisionChanged;
}
