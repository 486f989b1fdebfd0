using Microsoft.EntityFrameworkCore;

namespace ReviewConsole.Core.Persistence;

/// <summary>The SQL Server flavour of <see cref="ReviewDbContext"/>, with its own migrations.</summary>
public sealed class SqlServerReviewDbContext(DbContextOptions<SqlServerReviewDbContext> options) : ReviewDbContext(options);
