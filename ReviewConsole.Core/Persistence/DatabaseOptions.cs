namespace ReviewConsole.Core.Persistence;

/// <summary>Which database the console uses. Bound to the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The connection string's name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "ReviewConsole";

    /// <summary>The provider. Defaults to <see cref="DatabaseProvider.Sqlite"/>, a file in the data folder.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Whether the host applies pending migrations when it starts serving. Defaults to true.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
