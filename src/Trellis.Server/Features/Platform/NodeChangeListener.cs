using System.Globalization;
using Npgsql;
using Trellis.Data;
using Trellis.Server.Features.Auth;
using Trellis.Server.Features.Entities;
using Trellis.Server.Features.ExternalActions;
using Trellis.Server.Features.ExternalActions.Bundles;
using Trellis.Server.Features.Operations;

namespace Trellis.Server.Features.Platform;

/// <summary>
/// The one listener for every per-node cache (named for none of them). On PostgreSQL, listens on one dedicated
/// connection for configuration changes saved by other nodes and drops
/// their stale catalogs, for their session revocations, which end cached sessions here, for their bundle
/// changes, which empty the space's held bundle paths, and for their user-defined field changes, which drop the
/// workspace's schema; reconnects after a
/// lost connection. On SQLite (one node) there is nothing to hear.
/// </summary>
internal sealed partial class NodeChangeListener(DatabaseSettings database, LiveCatalog catalog, SessionCache sessions, BundleFileCache bundleFiles, SchemaCache schemas, NotifyListenerHealthCheck health, ILogger<NodeChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

    private readonly INodeCache[] _caches = [sessions, bundleFiles, schemas];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when ((exception is NpgsqlException or InvalidOperationException or System.IO.IOException) && !stoppingToken.IsCancellationRequested)
            {
                LogLost(logger, exception);
                health.Listening(false);
                // Announcements may have been missed while the connection was down.
                catalog.Clear();
                foreach (var cache in _caches)
                {
                    cache.Listening(false);
                }

                await Task.Delay(s_retryAfter, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { KeepAlive = 30, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            if (Array.Find(_caches, c => c.NotifyChannel == e.Channel) is { } cache)
            {
                cache.Heard(e.Payload);
            }
            else
            {
                OnNotification(e.Payload);
            }
        };
        await connection.OpenAsync(stoppingToken);
        var channels = _caches.Select(c => c.NotifyChannel).Prepend(LiveCatalog.Channel);
        await using (var listen = new NpgsqlCommand(string.Concat(channels.Select(c => $"LISTEN {c}; ")), connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Anything saved before LISTEN took effect is picked up by reloading.
        catalog.Clear();
        foreach (var cache in _caches)
        {
            cache.Listening(true);
        }

        health.Listening(true);
        LogListening(logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void OnNotification(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var space)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            catalog.Announced(space, version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for external-action configuration changes")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the configuration-change listener; reconnecting")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
