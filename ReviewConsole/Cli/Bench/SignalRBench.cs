using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Hubs;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench signalr</c>: how long after a decision commits every connected console hears the new
/// queue counts. This host serves on loopback; N .NET SignalR clients sign in with the console's
/// cookie and connect to the hub; a driver decides seeded review tasks one at a time through
/// <see cref="ReviewWorkbench"/>. For each decision and each client: from the commit (the review
/// event, raised right after it) to the first <c>QueuesChanged</c> whose counts include it.
/// </summary>
internal static class SignalRBench
{
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(WebApplication app, CommandLine.VerbOptions options)
    {
        var clientCount = int.Parse(options.Get("clients") ?? "50");
        var decisions = int.Parse(options.Get("decisions") ?? "300");
        var warmup = int.Parse(options.Get("warmup") ?? "20");
        var total = warmup + decisions;

        await app.PrepareDatabaseAsync();
        app.MapReviewConsole();
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/");

        var contexts = app.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        // The driver's count arithmetic needs a queue that only shrinks: QA second looks (double review,
        // gold) would add tasks to it, so this bench runs without them.
        var review = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReviewOptions>>().Value;
        review.DoubleReviewRate = 0;
        review.GoldRate = 0;
        var workbench = app.Services.GetRequiredService<ReviewWorkbench>();
        var board = app.Services.GetRequiredService<ReviewQueueBoard>();
        var queue = $"bench-{Guid.NewGuid():N}"[..30];
        var email = $"{queue}@bench.invalid";
        var password = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "aA1!";
        var clients = new List<HubConnection>();
        Guid? sourceId = null;
        try
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var added = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddOrUpdateAsync(email, password, Roles.Moderator, resetExisting: true);
                if (!added.Succeeded)
                {
                    return CommandLine.Fail(added.Error!);
                }
            }

            sourceId = await ClaimBench.SeedAsync(contexts, queue, total);
            await board.RefreshAsync();

            // Receipts[j][c]: when client c first saw counts that include decision j.
            var receipts = new long[total][];
            var pending = new int[total];
            var heard = new TaskCompletionSource[total];
            for (var j = 0; j < total; j++)
            {
                receipts[j] = new long[clientCount];
                pending[j] = clientCount;
                heard[j] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            var cookies = await ConsoleSignIn.SignInAsync(address, email, password);
            for (var c = 0; c < clientCount; c++)
            {
                var client = c;
                var open = total;
                long version = 0;
                var connection = new HubConnectionBuilder().WithUrl(new Uri(address, ReviewHub.Path.TrimStart('/')), o => o.Cookies = cookies).Build();

                // Called in order per connection. Only the driver changes this queue, so its open count
                // only falls: a count of `left` open items includes decisions 0 .. total-left-1.
                connection.On<QueuesMessage>(nameof(IReviewClient.QueuesChanged), message =>
                {
                    var at = Stopwatch.GetTimestamp();
                    if (message.Version <= version)
                    {
                        return;
                    }

                    version = message.Version;
                    var left = message.Queues.FirstOrDefault(q => q.Queue == queue) is { } row ? row.Waiting + row.Claimed : 0;
                    for (var j = total - open; j < total - left; j++)
                    {
                        receipts[j][client] = at;
                        if (Interlocked.Decrement(ref pending[j]) == 0)
                        {
                            heard[j].TrySetResult();
                        }
                    }

                    open = Math.Min(open, left);
                });
                await connection.StartAsync();
                clients.Add(connection);
            }

            var commits = new long[total];
            var current = -1;
            using var listening = app.Services.GetRequiredService<IReviewEvents>().Subscribe(change =>
            {
                if (change.Kind == ReviewChangeKind.Decided && change.Queue == queue && Volatile.Read(ref current) is var j and >= 0)
                {
                    commits[j] = Stopwatch.GetTimestamp();
                }
            });

            var reviewer = new Reviewer($"bench-driver-{queue}");
            var missed = 0;
            for (var j = 0; j < total; j++)
            {
                var claim = await workbench.ClaimNextAsync(queue, reviewer);
                Volatile.Write(ref current, j);
                var decided = claim.Claim is { } held ? await workbench.ApproveAsync(held.TaskId, reviewer) : null;
                if (decided is not { Succeeded: true })
                {
                    return CommandLine.Fail($"decision {j} failed: {decided?.Message ?? "nothing to claim"}");
                }

                if (await Task.WhenAny(heard[j].Task, Task.Delay(ReceiptTimeout)) != heard[j].Task)
                {
                    missed += Volatile.Read(ref pending[j]);
                }
            }

            var latencies = new List<double>(decisions * clientCount);
            for (var j = warmup; j < total; j++)
            {
                latencies.AddRange(receipts[j].Where(r => r != 0).Select(r => Stopwatch.GetElapsedTime(commits[j], r).TotalMilliseconds));
            }

            latencies.Sort();
            Console.WriteLine($"bench signalr: {clientCount} hub clients, {decisions} decisions one at a time (after {warmup} warm-up), {Environment.ProcessorCount} cores");
            Console.WriteLine($"  commit -> QueuesChanged ms over {latencies.Count} receipts: p50 {ClaimBench.Percentile(latencies, 0.50):F1}, p95 {ClaimBench.Percentile(latencies, 0.95):F1}, max {latencies.LastOrDefault():F1}");
            Console.WriteLine($"  missed receipts (none within {ReceiptTimeout.TotalSeconds:0} s): {missed}");
            return missed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var connection in clients)
            {
                await connection.DisposeAsync();
            }

            await using (var db = await contexts.CreateDbContextAsync())
            {
                if (sourceId is { } id)
                {
                    await db.Images.Where(i => i.SourceId == id).ExecuteDeleteAsync();
                    await db.Sources.Where(s => s.Id == id).ExecuteDeleteAsync();
                }
            }

            await using (var scope = app.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                if (await users.FindByEmailAsync(email) is { } user)
                {
                    await users.DeleteAsync(user);
                }
            }

            await app.StopAsync();
        }
    }
}
