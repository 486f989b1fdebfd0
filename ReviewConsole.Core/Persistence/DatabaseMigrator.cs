using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Storage;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Core.Persistence;

/// <summary>Brings the database to the current schema and makes sure the roles exist (the <c>migrate</c> verb, and start-up).</summary>
public sealed partial class DatabaseMigrator(ReviewDbContext db, UserAdministration users, PolicyStore policies, DisallowLists lists, DataPathsInitializer folders, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        folders.EnsureCreated();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogApplying(pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }

        await users.EnsureRolesAsync(cancellationToken);
        await policies.EnsureDefaultAsync(cancellationToken);
        await lists.EnsureDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private partial void LogApplying(int count, string migrations);
}
