using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Components.Account;

/// <summary>What the sign-in form posts.</summary>
public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    public string Email { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;

    public bool RememberMe { get; set; }
}
