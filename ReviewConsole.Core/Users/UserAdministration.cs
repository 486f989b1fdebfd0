using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ReviewConsole.Core.Users;

/// <summary>Creates users and assigns roles: the <c>users add</c> verb, the demo seed and the admin pages use it.</summary>
public sealed class UserAdministration(UserManager<ApplicationUser> userManager, RoleManager<IdentityRole> roleManager)
{
    /// <summary>Makes sure every role exists; safe to call at every start.</summary>
    public async Task EnsureRolesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in Roles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    /// <summary>
    /// Creates the user, or when <paramref name="resetExisting"/> sets the password and role of an
    /// existing one. Returns the errors Identity reports (weak password, bad e-mail) as a failed result.
    /// </summary>
    public async Task<UserResult> AddOrUpdateAsync(string email, string password, string role, bool resetExisting, CancellationToken cancellationToken = default)
    {
        var canonicalRole = Roles.Normalize(role);
        if (canonicalRole is null)
        {
            return UserResult.Fail($"Unknown role '{role}'; expected one of {string.Join(", ", Roles.All)}.");
        }

        await EnsureRolesAsync(cancellationToken);
        var user = await userManager.FindByEmailAsync(email);
        if (user is not null && !resetExisting)
        {
            return UserResult.Fail($"A user with e-mail '{email}' already exists.");
        }

        IdentityResult result;
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            result = await userManager.CreateAsync(user, password);
        }
        else
        {
            var token = await userManager.GeneratePasswordResetTokenAsync(user);
            result = await userManager.ResetPasswordAsync(user, token, password);
            if (result.Succeeded)
            {
                await userManager.SetLockoutEndDateAsync(user, null);
                await userManager.ResetAccessFailedCountAsync(user);
            }
        }

        if (!result.Succeeded)
        {
            return UserResult.Fail(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        var currentRoles = await userManager.GetRolesAsync(user);
        var stale = currentRoles.Where(r => r != canonicalRole).ToList();
        if (stale.Count > 0)
        {
            Check(await userManager.RemoveFromRolesAsync(user, stale));
        }

        if (!currentRoles.Contains(canonicalRole))
        {
            Check(await userManager.AddToRoleAsync(user, canonicalRole));
        }

        return UserResult.Ok(user.Id);
    }

    /// <summary>Every user with their roles, for the admin page.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var users = await userManager.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var summaries = new List<UserSummary>(users.Count);
        foreach (var user in users)
        {
            var roles = await userManager.GetRolesAsync(user);
            summaries.Add(new UserSummary(user.Id, user.Email ?? user.UserName ?? user.Id, [.. roles], user.LockoutEnd > DateTimeOffset.UtcNow));
        }

        return summaries;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>Outcome of a user change: the user's id, or why it failed.</summary>
public sealed record UserResult(bool Succeeded, string? UserId, string? Error)
{
    public static UserResult Ok(string userId) => new(true, userId, null);

    public static UserResult Fail(string error) => new(false, null, error);
}

/// <summary>A user as the admin page lists them.</summary>
public sealed record UserSummary(string Id, string Email, IReadOnlyList<string> Roles, bool IsLockedOut);
