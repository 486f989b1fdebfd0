using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Tests.Review;

public sealed class ReviewItemsTests : IAsyncLifetime
{
    private ReviewDatabase _db = default!;

    public async Task InitializeAsync() => _db = await ReviewDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData(Categories.Nudity, 0.30, 0.30, true)]
    [InlineData(Categories.Nudity, 0.29, 0.30, false)]
    [InlineData(Categories.ExplicitDrawing, 0.01, null, true)]
    [InlineData(Categories.Text, 0.99, 0.10, false)]
    public void HighMeansASensitiveCategoryAtOrAboveItsApproveBelowThreshold(string category, double score, double? approveBelow, bool high) =>
        Assert.Equal(high, ReviewItems.IsHigh(category, score, new CategoryRule(category, approveBelow, null)));

    [Fact]
    public void ACategoryThePolicyDoesNotRuleIsNeverHigh() =>
        Assert.False(ReviewItems.IsHigh(Categories.Suggestive, 1.0, null));

    [Fact]
    public void OnlyAPlainReviewShowsEarlierDecisions()
    {
        Assert.True(ReviewItems.ShowsEarlierDecisions(ReviewTaskKind.Review));
        Assert.False(ReviewItems.ShowsEarlierDecisions(ReviewTaskKind.Audit));
    }

    [Fact]
    public async Task TheObscureModeFallsBackToTheUsersBlurFlagAndThenToBlur()
    {
        var preferences = new ReviewPreferences(_db.Contexts);
        await _db.CreateUserAsync("carol");
        await _db.QueryAsync(async db =>
        {
            var carol = await db.Users.FindAsync("carol");
            carol!.SetBlurSensitiveImages(false);
            return await db.SaveChangesAsync();
        });

        Assert.Equal(ObscureMode.Off, await preferences.GetObscureModeAsync("carol"));
        Assert.Equal(ObscureMode.Blur, await preferences.GetObscureModeAsync("nobody"));
        Assert.False(await preferences.SetObscureModeAsync("nobody", ObscureMode.Off));

        Assert.True(await preferences.SetObscureModeAsync("carol", ObscureMode.Greyscale));
        Assert.True(await preferences.SetObscureModeAsync("carol", ObscureMode.Blur));
        Assert.Equal(ObscureMode.Blur, await preferences.GetObscureModeAsync("carol"));
        Assert.Equal(1, await _db.QueryAsync(db => Task.FromResult(db.UserClaims.Count(c => c.UserId == "carol" && c.ClaimType == ReviewPreferences.ObscureModeClaim))));
    }
}
