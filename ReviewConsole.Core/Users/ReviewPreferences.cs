using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Users;

/// <summary>How the workbench hides a sensitive image until the moderator reveals it.</summary>
public enum ObscureMode
{
    Blur,
    Greyscale,
    Off,
}

/// <summary>
/// A moderator's workbench preferences, kept server-side as Identity user claims so they follow the
/// user to any browser and need no table of their own. Each call is its own unit of work.
/// </summary>
public sealed class ReviewPreferences(IDbContextFactory<ReviewDbContext> dbFactory)
{
    /// <summary>The claim type holding the obscure mode (<c>blur</c>, <c>greyscale</c> or <c>off</c>).</summary>
    public const string ObscureModeClaim = "reviewconsole:obscure-mode";

    /// <summary>
    /// The user's mode; without a stored choice, <see cref="ApplicationUser.BlurSensitiveImages"/>
    /// decides (blur, or off), and an unknown user gets <see cref="ObscureMode.Blur"/>, the safe default.
    /// </summary>
    public async Task<ObscureMode> GetObscureModeAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.UserClaims.AsNoTracking()
            .Where(c => c.UserId == userId && c.ClaimType == ObscureModeClaim)
            .Select(c => c.ClaimValue)
            .FirstOrDefaultAsync(cancellationToken);
        if (Enum.TryParse<ObscureMode>(stored, ignoreCase: true, out var mode) && Enum.IsDefined(mode))
        {
            return mode;
        }

        var blur = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (bool?)u.BlurSensitiveImages).FirstOrDefaultAsync(cancellationToken);
        return blur == false ? ObscureMode.Off : ObscureMode.Blur;
    }

    /// <summary>Stores the user's mode; false when there is no such user.</summary>
    public async Task<bool> SetObscureModeAsync(string userId, ObscureMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Blur, greyscale or off.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return false;
        }

        var value = mode.ToString().ToLowerInvariant();
        var existing = await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == ObscureModeClaim).ToListAsync(cancellationToken);
        if (existing.Count == 0)
        {
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = ObscureModeClaim, ClaimValue = value });
        }
        else
        {
            existing[0].ClaimValue = value;
            db.UserClaims.RemoveRange(existing.Skip(1));
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
