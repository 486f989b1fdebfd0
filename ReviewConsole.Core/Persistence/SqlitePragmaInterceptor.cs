using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReviewConsole.Core.Persistence;

/// <summary>
/// Puts every SQLite connection in WAL mode with NORMAL sync: readers (the console) no longer block
/// the writer (ingestion), and a commit costs no fsync of the main file. Both settings are
/// per-connection or cheap to repeat, so they run on every open.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
