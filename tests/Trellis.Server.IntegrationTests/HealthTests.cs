using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Trellis.Application.Platform;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>Liveness, readiness and telemetry (docs/deployment.md, "Health" and "Telemetry").</summary>
public abstract class HealthTests(TrellisApplication app)
{
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LiveAnswers200_AndReadyListsTheDatabaseMigrationsAndListenerAsHealthy()
    {
        using var client = app.Anonymous();
        using (var live = await client.GetAsync("/healthz/live", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        // On PostgreSQL the listener connects moments after the start.
        JsonObject? ready = null;
        Assert.True(await Eventually.HoldsAsync(async () => (ready = await ReadyAsync(client)).Text("status") == "Healthy", TimeSpan.FromSeconds(10)),
            $"Not ready: {ready}");
        Assert.Equal(["database", "migrations", "notify_listener"], ready!["checks"]!.AsObject().Select(c => c.Key).Order());
    }

    protected static async Task<JsonObject> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz/ready", Cancel);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadObjectAsync();
    }
}

public sealed class SqliteHealthTests(SqliteApplication app) : HealthTests(app), IClassFixture<SqliteApplication>
{
    [Fact]
    public void TelemetryIsOffWithoutAnEndpoint() => Assert.Null(app.Services.GetService<TracerProvider>());

    [Fact]
    public async Task WithAnOtlpEndpoint_TracesMetricsAndLogsAreExported()
    {
        using var collector = new OtlpCollector();
        await using (var exporting = new TelemetryApplication(collector.Endpoint))
        {
            await exporting.InitializeAsync();
            using var client = exporting.Anonymous();
            using var served = new ServerSpanWatch();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            request.Headers.Add("traceparent", served.TraceParent);
            using var response = await client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // The client can hold the answer before the server's span has ended; stopping the node earlier drops it.
            await served.Ended.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        }

        // Stopping the node flushes every signal to the collector.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(collector.Paths.Distinct().Count() == 3), TimeSpan.FromSeconds(10)),
            $"The collector heard: {string.Join(", ", collector.Paths.Distinct())}");
        Assert.Equal(["/v1/logs", "/v1/metrics", "/v1/traces"], collector.Paths.Distinct().Order());
    }

    private sealed class TelemetryApplication(Uri endpoint) : TrellisApplication(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Trellis:Telemetry:OtlpEndpoint", endpoint.ToString());
            builder.UseSetting("Trellis:Telemetry:OtlpProtocol", "http/protobuf");
        }
    }

    /// <summary>Sees the server's span of one request, known by the trace id the request carries.</summary>
    private sealed class ServerSpanWatch : IDisposable
    {
        private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ActivityListener _listener;

        public ServerSpanWatch()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == _traceId)
                    {
                        _ended.TrySetResult();
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public string TraceParent => $"00-{_traceId}-{ActivitySpanId.CreateRandom()}-01";

        public Task Ended => _ended.Task;

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>An OTLP/HTTP receiver on the loopback that records which signal each request carried.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();

        public OtlpCollector()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Endpoint = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Endpoint.ToString());
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri Endpoint { get; }

        public ConcurrentQueue<string> Paths { get; } = new();

        public void Dispose() => _listener.Close();

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    Paths.Enqueue(context.Request.Url!.AbsolutePath);
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }
}

public sealed class PostgresHealthTests(PostgresApplication app) : HealthTests(app), IClassFixture<PostgresApplication>
{
    [Fact]
    public async Task ALostNotifyListenerMakesReadyDegraded_UntilItReconnects()
    {
        using var client = app.Anonymous();
        Assert.True(await Eventually.HoldsAsync(async () => Listener(await ReadyAsync(client)) == "Healthy", TimeSpan.FromSeconds(10)));

        // What a database restart or a dropped connection does to the listener's session.
        // The listener's connection is found by its name: its last statement may be a heartbeat as well as LISTEN.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = {0}",
            [NodeChangeListener.ApplicationName], Cancel));

        JsonObject? degraded = null;
        Assert.True(await Eventually.HoldsAsync(async () => Listener(degraded = await ReadyAsync(client)) == "Degraded", TimeSpan.FromSeconds(5)),
            "Ready never showed the lost listener.");
        Assert.Equal("Degraded", degraded!.Text("status"));
        Assert.True(await Eventually.HoldsAsync(async () => Listener(await ReadyAsync(client)) == "Healthy", TimeSpan.FromSeconds(10)),
            "The listener did not reconnect.");
    }

    private static string? Listener(JsonObject ready) => ready["checks"]?["notify_listener"]?.Text("status");
}
