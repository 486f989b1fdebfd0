using System.Text;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Lists;

/// <summary>Import and export through the real service and index, on the shared web host's database.</summary>
[Collection(WebCollection.Name)]
public sealed class DisallowListsImportTests(ReviewConsoleFactory factory)
{
    [Fact]
    public async Task ImportsValidLinesAndReportsInvalidOnesByLineNumber()
    {
        var list = await factory.CreateListAsync();
        var (h1, h2, h3) = (Random(1), Random(2), Random(3));
        var file = string.Join('\n',
            "# partner list, 2026-11",       // 1
            h1.ToString(),                   // 2
            string.Empty,                    // 3
            $"{h2},80",                      // 4
            "not-a-hash",                    // 5
            $"{h3},101",                     // 6
            h1.ToString(),                   // 7: already on the list
            "   # indented comment",         // 8
            h3.ToString().ToUpperInvariant()); // 9

        var result = await factory.UseListsAsync(lists => lists.ImportAsync(list, new StringReader(file), "tester"));

        Assert.Equal(3, result.Imported);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal(2, result.Invalid);
        Assert.Equal([5, 6], result.Errors.Select(e => e.Line));
        Assert.Contains("not-a-hash", result.Errors[0].Error, StringComparison.Ordinal);
        Assert.Contains("quality", result.Errors[1].Error, StringComparison.Ordinal);

        var entries = await factory.QueryAsync(db => db.DisallowListEntries
            .Where(e => db.DisallowLists.Any(l => l.Id == e.ListId && l.Name == list))
            .OrderBy(e => e.Id)
            .Select(e => new { e.Pdq, e.PdqQuality, e.AddedBy, e.Sha256 })
            .ToListAsync());
        Assert.Equal([h1.ToString(), h2.ToString(), h3.ToString()], entries.Select(e => e.Pdq));
        Assert.Equal([null, 80, null], entries.Select(e => e.PdqQuality));
        Assert.All(entries, e => Assert.Equal("tester", e.AddedBy));
        Assert.All(entries, e => Assert.Null(e.Sha256));

        // Matchable at once: the index was kept current.
        var matches = await factory.UseListsAsync(lists => lists.MatchAsync(list, null, Flip(h2, 5), null));
        Assert.Equal(5, Assert.Single(matches!).Distance);
    }

    [Fact]
    public async Task ImportsInBatchesAndSkipsEverythingOnSecondImport()
    {
        var list = await factory.CreateListAsync();
        var count = (DisallowLists.ImportBatchSize * 2) + 500;
        var file = string.Join('\n', Enumerable.Range(100, count).Select(i => Random(i).ToString()));

        var first = await factory.UseListsAsync(lists => lists.ImportAsync(list, new StringReader(file), "tester"));
        var second = await factory.UseListsAsync(lists => lists.ImportAsync(list, new StringReader(file), "tester"));

        Assert.Equal((count, 0, 0), (first.Imported, first.Duplicates, first.Invalid));
        Assert.Equal((0, count, 0), (second.Imported, second.Duplicates, second.Invalid));
        var stored = await factory.QueryAsync(db => db.DisallowListEntries.CountAsync(e => db.DisallowLists.Any(l => l.Id == e.ListId && l.Name == list)));
        Assert.Equal(count, stored);
        var last = await factory.UseListsAsync(lists => lists.MatchAsync(list, null, Random(100 + count - 1), null));
        Assert.Equal(0, Assert.Single(last!).Distance);
    }

    [Fact]
    public async Task ReportsOnlyTheFirstInvalidLinesButCountsThemAll()
    {
        var list = await factory.CreateListAsync();
        var invalid = DisallowLists.MaxReportedImportErrors + 25;
        var file = string.Join('\n', Enumerable.Repeat("garbage", invalid));

        var result = await factory.UseListsAsync(lists => lists.ImportAsync(list, new StringReader(file), "tester"));

        Assert.Equal(invalid, result.Invalid);
        Assert.Equal(DisallowLists.MaxReportedImportErrors, result.Errors.Count);
        Assert.Equal(0, result.Imported);
    }

    [Fact]
    public async Task ExportRoundTripsThroughImportAndLeavesOutSha256OnlyEntries()
    {
        var list = await factory.CreateListAsync();
        var copy = await factory.CreateListAsync();
        var file = string.Join('\n', $"{Random(10)},90", Random(11).ToString(), $"{Random(12)},40");
        await factory.UseListsAsync(lists => lists.ImportAsync(list, new StringReader(file), "tester"));
        await factory.UseListsAsync(lists => lists.AddEntryAsync(list, new string('c', 64), null, null, null, "tester"));

        var exported = await ExportAsync(list);
        var imported = await factory.UseListsAsync(lists => lists.ImportAsync(copy, new StringReader(exported), "tester"));
        var reexported = await ExportAsync(copy);

        Assert.Equal(file.Split('\n'), exported.TrimEnd('\n').Split('\n'));
        Assert.Equal(3, imported.Imported);
        Assert.Equal(exported, reexported);
    }

    [Fact]
    public async Task RefusesImportAndExportGivenUnknownList()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => factory.UseListsAsync(lists => lists.ImportAsync("no-such-list", new StringReader(Random(1).ToString()), "tester")));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => factory.UseListsAsync(lists => lists.ExportAsync("no-such-list", TextWriter.Null)));
    }

    private async Task<string> ExportAsync(string list)
    {
        var text = new StringBuilder();
        await using var writer = new StringWriter(text) { NewLine = "\n" };
        await factory.UseListsAsync(lists => lists.ExportAsync(list, writer));
        return text.ToString();
    }

    /// <summary>A hash far (about 128 bits) from any real image's, so it cannot match other tests' uploads.</summary>
    private static PdqHash Random(int seed)
    {
        var random = new Random(seed);
        return new PdqHash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
    }

    private static PdqHash Flip(PdqHash hash, int bits) => hash with { W3 = hash.W3 ^ ((1UL << bits) - 1) };
}
