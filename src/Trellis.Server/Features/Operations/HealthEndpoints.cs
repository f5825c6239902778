using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trellis.Data;

namespace Trellis.Server.Features.Operations;

/// <summary>
/// <c>/healthz/live</c> (the process answers), <c>/healthz/ready</c> (database, migrations, the <c>NOTIFY</c>
/// listener; JSON per check) and <c>/healthz</c> (every check, plain text) (docs/deployment.md, "Health").
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddTrellisHealth(this IServiceCollection services)
    {
        services.AddSingleton<NotifyListenerHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready])
            .AddCheck<NotifyListenerHealthCheck>("notify_listener", tags: [Ready]);
        return services;
    }

    public static WebApplication MapTrellisHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").AllowAnonymous();
        // Nothing but the process: a failing database must not make an orchestrator restart every node.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}

/// <summary>Ready only when every migration is applied (with <c>MigrateOnStart=false</c> the operator applies them).</summary>
internal sealed class MigrationsHealthCheck(TrellisDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await MigrationHistory.PendingAsync(db, cancellationToken)).Count;
        return pending == 0
            ? HealthCheckResult.Healthy("Every migration is applied.")
            : HealthCheckResult.Unhealthy($"{pending} migration(s) are not applied (docs/operations.md).");
    }
}
