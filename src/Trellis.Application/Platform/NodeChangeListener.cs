using System.Globalization;
using Npgsql;
using Trellis.Application.Auth;
using Trellis.Application.Entities;
using Trellis.Application.ExternalActions;
using Trellis.Application.ExternalActions.Bundles;
using Trellis.Application.ExternalActions.Messages;
using Trellis.Application.Operations;
using Trellis.Data;

namespace Trellis.Application.Platform;

/// <summary>
/// The one listener for every per-node cache (named for none of them). On PostgreSQL, listens on one dedicated
/// connection for configuration changes saved by other nodes and drops
/// their stale catalogs, for their session revocations, which end cached sessions here, for their bundle
/// changes, which empty the space's held bundle paths, and for their user-defined field changes, which drop the
/// workspace's schema, and for the launches and messages they keep, which refresh the open message inspectors; reconnects after a
/// lost connection. On SQLite (one node) there is nothing to hear.
/// </summary>
internal sealed partial class NodeChangeListener(DatabaseSettings database, LiveCatalog catalog, SessionCache sessions, BundleFileCache bundleFiles, SchemaCache schemas, LaunchLogFeed launchLog, NotifyListenerHealthCheck health, TrellisMetrics metrics, ILogger<NodeChangeListener> logger) : BackgroundService
{
    /// <summary>The channel of the nodes' heartbeats, <c>&lt;node&gt;:&lt;unix milliseconds&gt;</c>, from which each node measures the NOTIFY lag.</summary>
    public const string HeartbeatChannel = "trellis_heartbeat";

    /// <summary>The listener's connection as <c>pg_stat_activity</c> names it, so an operator can tell it from the pool's.</summary>
    public const string ApplicationName = "trellis-notify-listener";

    /// <summary>How often a node sends its heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

    // The wall clock, not the injected one: the lag compares this machine's time with another node's.
    private static readonly TimeProvider s_wallClock = TimeProvider.System;

    private readonly string _node = Guid.NewGuid().ToString("N");

    private readonly INodeCache[] _caches = [sessions, bundleFiles, schemas, launchLog];

    // The loop is a method of its own, so that a node on SQLite never compiles it and never loads Npgsql.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        database.Provider == DatabaseProvider.Postgres ? ListenUntilStoppedAsync(stoppingToken) : Task.CompletedTask;

    private async Task ListenUntilStoppedAsync(CancellationToken stoppingToken)
    {
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
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { KeepAlive = 30, Pooling = false, ApplicationName = ApplicationName };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == HeartbeatChannel)
            {
                OnHeartbeat(e.Payload);
            }
            else if (Array.Find(_caches, c => c.NotifyChannel == e.Channel) is { } cache)
            {
                cache.Heard(e.Payload);
            }
            else
            {
                OnNotification(e.Payload);
            }
        };
        await connection.OpenAsync(stoppingToken);
        var channels = _caches.Select(c => c.NotifyChannel).Prepend(LiveCatalog.Channel).Append(HeartbeatChannel);
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
        var lastBeat = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // The one connection both listens and beats: between notifications, at most every interval.
            if (s_wallClock.GetUtcNow() - lastBeat >= HeartbeatInterval)
            {
                lastBeat = s_wallClock.GetUtcNow();
                var beat = string.Create(CultureInfo.InvariantCulture, $"{_node}:{lastBeat.ToUnixTimeMilliseconds()}");
                await using var send = new NpgsqlCommand("SELECT pg_notify(@channel, @beat)", connection);
                send.Parameters.AddWithValue("channel", HeartbeatChannel);
                send.Parameters.AddWithValue("beat", beat);
                await send.ExecuteNonQueryAsync(stoppingToken);
            }

            await connection.WaitAsync(HeartbeatInterval, stoppingToken);
        }
    }

    // Another node's heartbeat: how long its NOTIFY took to arrive (the node's own are skipped).
    private void OnHeartbeat(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !payload.AsSpan(0, colon).SequenceEqual(_node)
            && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
        {
            metrics.NotifyHeard(s_wallClock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(sent));
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
