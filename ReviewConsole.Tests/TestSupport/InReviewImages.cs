using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// Puts images in review on a running host the way the scoring pipeline does: the scored image and its
/// review task in one save on a context of the host, so the host hears of it (queue counts, hub).
/// </summary>
internal static class InReviewImages
{
    /// <summary>Adds <paramref name="count"/> in-review images whose policy (and so queue) is <paramref name="queue"/>; returns their ids.</summary>
    public static async Task<IReadOnlyList<Guid>> AddAsync(ReviewConsoleFactory host, string queue, int count = 1)
    {
        var contexts = host.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        var now = DateTimeOffset.UtcNow;
        await using var db = await contexts.CreateDbContextAsync();
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Name == "in-review-images");
        if (source is null)
        {
            source = Source.Create("in-review-images", "protected", now);
            db.Sources.Add(source);
        }

        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var sha256 = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            var image = ImageSubmission.Receive(source.Id, sha256, new ImageHeader(ImageFormat.Png, 64, 64, 1, 64 * 64), 1234, new SubmissionFields(null, null, null, null), now);
            image.RecordScoring(
                new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = 0.5 }, null, null, queue, 1, new Dictionary<string, string>()),
                new PolicyDecision(Outcome.Review, [new DecisionReason(Categories.Nudity, 0.5, "review_band", "test")], false),
                now);
            db.Images.Add(image);
            ReviewIntake.Open(db, image, now);
            ids.Add(image.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }
}
