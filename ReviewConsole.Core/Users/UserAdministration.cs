using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Users;

/// <summary>
/// Creates users and assigns roles: the <c>users add</c> verb, the demo seed and the admin pages use it.
/// Each change is audited, attributed to the scope's <see cref="AuditActorContext"/>.
/// </summary>
/// <param name="userManager">Identity's user operations; its store saves through <paramref name="db"/>.</param>
/// <param name="roleManager">Identity's role operations.</param>
/// <param name="db">The scope's context, shared with Identity's stores, so one transaction holds the change and its audit event.</param>
/// <param name="audit">Who makes the change.</param>
/// <param name="clock">The time of the change.</param>
public sealed class UserAdministration(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    ReviewDbContext db,
    AuditActorContext audit,
    TimeProvider clock)
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

        // Identity saves after each of its operations; one transaction makes the user, the role and the
        // audit event one unit of work, so the log never misses a change or records one that failed.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await userManager.FindByEmailAsync(email);
        if (user is not null && !resetExisting)
        {
            return UserResult.Fail($"A user with e-mail '{email}' already exists.");
        }

        IdentityResult result;
        var created = user is null;
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

        var subject = $"user:{email}";
        var now = clock.GetUtcNow();
        if (created)
        {
            db.AuditEvents.Add(AuditEvent.Create(audit.Actor, AuditEventTypes.UserCreated, subject, $"Created user {email} as {canonicalRole}.", new { userId = user.Id, email, roles = new[] { canonicalRole } }, now));
        }
        else
        {
            db.AuditEvents.Add(AuditEvent.Create(audit.Actor, AuditEventTypes.UserPasswordReset, subject, $"Reset the password of {email} and unlocked it.", new { userId = user.Id, email }, now));
            if (stale.Count > 0 || !currentRoles.Contains(canonicalRole))
            {
                db.AuditEvents.Add(AuditEvent.Create(
                    audit.Actor,
                    AuditEventTypes.UserRolesChanged,
                    subject,
                    $"Roles of {email}: {string.Join(", ", currentRoles.DefaultIfEmpty("none"))} → {canonicalRole}.",
                    new { userId = user.Id, email, before = currentRoles, after = new[] { canonicalRole } },
                    now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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

    /// <summary>Gives the user exactly <paramref name="role"/>; audited as <c>user.roles_changed</c> when that changes anything.</summary>
    public async Task<UserResult> SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default)
    {
        var canonicalRole = Roles.Normalize(role);
        if (canonicalRole is null)
        {
            return UserResult.Fail($"Unknown role '{role}'; expected one of {string.Join(", ", Roles.All)}.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await userManager.FindByIdAsync(userId) is not { } user)
        {
            return UserResult.Fail($"No user with id '{userId}'.");
        }

        var currentRoles = await userManager.GetRolesAsync(user);
        if (currentRoles.SequenceEqual([canonicalRole]))
        {
            return UserResult.Ok(user.Id);
        }

        if (currentRoles.Count > 0)
        {
            Check(await userManager.RemoveFromRolesAsync(user, currentRoles));
        }

        Check(await userManager.AddToRoleAsync(user, canonicalRole));
        var email = user.Email ?? user.Id;
        db.AuditEvents.Add(AuditEvent.Create(
            audit.Actor,
            AuditEventTypes.UserRolesChanged,
            $"user:{email}",
            $"Roles of {email}: {string.Join(", ", currentRoles.DefaultIfEmpty("none"))} → {canonicalRole}.",
            new { userId = user.Id, email, before = currentRoles, after = new[] { canonicalRole } },
            clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserResult.Ok(user.Id);
    }

    /// <summary>
    /// Locks the user out until unlocked (signing in is refused; the security stamp changes, so open
    /// sessions end at their next revalidation) or unlocks them; audited as <c>user.locked</c> or <c>user.unlocked</c>.
    /// </summary>
    public async Task<UserResult> SetLockedAsync(string userId, bool locked, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await userManager.FindByIdAsync(userId) is not { } user)
        {
            return UserResult.Fail($"No user with id '{userId}'.");
        }

        Check(await userManager.SetLockoutEnabledAsync(user, true));
        Check(await userManager.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
        if (locked)
        {
            Check(await userManager.UpdateSecurityStampAsync(user));
        }
        else
        {
            Check(await userManager.ResetAccessFailedCountAsync(user));
        }

        var email = user.Email ?? user.Id;
        db.AuditEvents.Add(AuditEvent.Create(
            audit.Actor,
            locked ? AuditEventTypes.UserLocked : AuditEventTypes.UserUnlocked,
            $"user:{email}",
            locked ? $"Locked {email} out." : $"Unlocked {email}.",
            new { userId = user.Id, email },
            clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserResult.Ok(user.Id);
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
