using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trellis.Data;

namespace Trellis.Application.Platform;

/// <summary><c>/healthz</c>: healthy when the database answers.</summary>
internal sealed class DatabaseHealthCheck(TrellisDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database answers.")
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
