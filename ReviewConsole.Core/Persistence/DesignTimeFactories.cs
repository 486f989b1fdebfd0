using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ReviewConsole.Core.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteReviewDbContext>
{
    public SqliteReviewDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteReviewDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context; no server is contacted to add migrations or write scripts.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerReviewDbContext>
{
    public SqlServerReviewDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerReviewDbContext>().UseSqlServer("Server=(design-time);Database=ReviewConsole;Trusted_Connection=True").Options);
}
