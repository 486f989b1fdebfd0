using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>Ready only when the models are loaded (or load now): without them every image would wait.</summary>
internal sealed class ModelsHealthCheck(ScoringModels models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(models.TryEnsureLoaded()
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(models.Problem));
}
