using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Lists;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Lists;

/// <summary>Lists on the shared web host, each test its own.</summary>
internal static class ListsTestSupport
{
    /// <summary>
    /// A fresh list, disabled unless asked: the host is shared, and a disabled list is never matched
    /// while scoring, so entries added here cannot touch other tests' uploads.
    /// </summary>
    public static async Task<string> CreateListAsync(this ReviewConsoleFactory factory, bool enabled = false, int threshold = DisallowList.DefaultPdqThreshold)
    {
        var name = $"list-{Guid.NewGuid():N}";
        await factory.UseListsAsync(async lists =>
        {
            await lists.CreateAsync(name, ListAction.Reject, threshold);
            await lists.ConfigureAsync(name, ListAction.Reject, threshold, enabled);
            return 0;
        });
        return name;
    }

    public static async Task<T> UseListsAsync<T>(this ReviewConsoleFactory factory, Func<DisallowLists, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DisallowLists>());
    }

    /// <summary>Entries on every list: refused requests must not change it.</summary>
    public static Task<int> CountEntriesAsync(this ReviewConsoleFactory factory) =>
        factory.QueryAsync(db => db.DisallowListEntries.CountAsync());
}
