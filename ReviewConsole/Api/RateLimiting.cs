using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ReviewConsole.Api;

/// <summary>Each source gets its own token bucket, sized from its configured requests per minute.</summary>
internal static class RateLimiting
{
    public const string PerSourcePolicy = "per-source";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PerSourcePolicy, context =>
            {
                var sourceId = context.User.FindFirst(ApiKeyDefaults.SourceIdClaim)?.Value;
                if (sourceId is null)
                {
                    return RateLimitPartition.GetNoLimiter("anonymous");
                }

                var perMinute = int.Parse(context.User.FindFirst(ApiKeyDefaults.RateLimitClaim)!.Value, CultureInfo.InvariantCulture);

                // The limit is part of the key, so an admin's change takes effect with the next request.
                return RateLimitPartition.GetTokenBucketLimiter($"{sourceId}:{perMinute}", _ => BucketFor(perMinute));
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Rate limit exceeded",
                        Detail = "This source has used its requests for now; retry after the time in Retry-After.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>A bucket that holds a minute's worth of requests and refills evenly over the minute.</summary>
    internal static TokenBucketRateLimiterOptions BucketFor(int perMinute)
    {
        var (tokensPerPeriod, period) = perMinute >= 60
            ? (perMinute / 60, TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromMinutes(1) / perMinute);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
