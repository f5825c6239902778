using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trellis.Data;

namespace Trellis.Application.Platform;

/// <summary>
/// The PostgreSQL <c>NOTIFY</c> listener's state. Without it the node is still correct (its caches stop serving) but
/// slower and deaf to other nodes' catalog changes until it reconnects, so it is degraded, not unready.
/// </summary>
internal sealed class NotifyListenerHealthCheck(DatabaseSettings database) : IHealthCheck
{
    private volatile bool _listening;

    /// <summary>The listener connected (or lost its connection).</summary>
    public void Listening(bool listening) => _listening = listening;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Provider != DatabaseProvider.Postgres
            ? HealthCheckResult.Healthy("One node on SQLite: nothing to listen to.")
            : _listening
                ? HealthCheckResult.Healthy("Listening for other nodes' changes.")
                : HealthCheckResult.Degraded("Not listening for other nodes' changes; reconnecting."));
}
