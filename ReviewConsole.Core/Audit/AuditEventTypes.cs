namespace ReviewConsole.Core.Audit;

/// <summary>The recorded change types; review decisions read as <c>review.&lt;kind&gt;</c>.</summary>
public static class AuditEventTypes
{
    public const string PolicyRevised = "policy.revised";
    public const string PolicyRolledBack = "policy.rolled_back";
    public const string ListCreated = "list.created";
    public const string ListConfigured = "list.configured";
    public const string ListEntryAdded = "list.entry_added";
    public const string ListEntryRemoved = "list.entry_removed";
    public const string ListImported = "list.imported";
    public const string UserCreated = "user.created";
    public const string UserRolesChanged = "user.roles_changed";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string SourceCreated = "source.created";
    public const string SourceKeyIssued = "source.key_issued";
    public const string SourceKeyRevoked = "source.key_revoked";
    public const string SourceSecretRotated = "source.secret_rotated";

    /// <summary>Prefix of the types the review decisions read as.</summary>
    public const string ReviewPrefix = "review.";

    /// <summary>Every type the audit page offers as a filter, recorded ones first.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PolicyRevised, PolicyRolledBack, ListCreated, ListConfigured, ListEntryAdded, ListEntryRemoved, ListImported,
        UserCreated, UserRolesChanged, UserPasswordReset, UserLocked, UserUnlocked, SourceCreated, SourceKeyIssued, SourceKeyRevoked, SourceSecretRotated,
        "review.approve", "review.reject", "review.escalate", "review.skip", "review.overturn", "review.undo",
    ];
}
