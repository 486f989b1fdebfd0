using Microsoft.AspNetCore.Identity;

namespace ReviewConsole.Core.Users;

/// <summary>A person who signs in to the console: moderator, supervisor or admin (by role).</summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>Whether the workbench blurs high-scoring images until revealed. Defaults to true.</summary>
    public bool BlurSensitiveImages { get; private set; } = true;

    public void SetBlurSensitiveImages(bool blur) => BlurSensitiveImages = blur;
}
