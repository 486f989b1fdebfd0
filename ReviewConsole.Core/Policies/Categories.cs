namespace ReviewConsole.Core.Policies;

/// <summary>The categories the built-in detectors produce (PRODUCT.md, "Categories").</summary>
public static class Categories
{
    public const string Nudity = "nudity";
    public const string Suggestive = "suggestive";
    public const string ExplicitDrawing = "explicit_drawing";
    public const string Illustration = "illustration";
    public const string Text = "text";
    public const string SpamText = "spam_text";
    public const string Disallowed = "disallowed";

    public const int NameMaxLength = 64;
}
