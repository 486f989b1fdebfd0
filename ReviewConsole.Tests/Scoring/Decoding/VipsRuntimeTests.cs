using ReviewConsole.Core.Scoring.Decoding;
using static ReviewConsole.Tests.Scoring.Decoding.TestImages;

namespace ReviewConsole.Tests.Scoring.Decoding;

public sealed class VipsRuntimeTests
{
    [Fact]
    public void DecodingLoadsNoSystemSqliteThatCouldTakeOverEfCoresOwnCopy()
    {
        // libvips' openslide module links the system libsqlite3 and is loaded with RTLD_GLOBAL; once
        // mapped, its symbols can replace e_sqlite3's and crash the next SQLite open in this process.
        Decode("baseline.jpg");

        var maps = File.ReadAllText("/proc/self/maps");
        Assert.DoesNotContain("libsqlite3.so", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("vips-modules", maps, StringComparison.Ordinal);
    }
}
