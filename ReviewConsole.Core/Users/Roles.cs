namespace ReviewConsole.Core.Users;

/// <summary>The console's roles; a user may hold several.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Moderator = "Moderator";

    /// <summary>Every role, in the order the console lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Supervisor, Moderator];

    /// <summary>The canonical spelling of <paramref name="role"/> (case-insensitive), or null if it is none of ours.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
