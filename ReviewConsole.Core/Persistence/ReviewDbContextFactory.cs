using Microsoft.EntityFrameworkCore;

namespace ReviewConsole.Core.Persistence;

/// <summary>Hands out the provider's context as the provider-neutral <see cref="ReviewDbContext"/>.</summary>
internal sealed class ReviewDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ReviewDbContext>
    where TContext : ReviewDbContext
{
    public ReviewDbContext CreateDbContext() => inner.CreateDbContext();
}
