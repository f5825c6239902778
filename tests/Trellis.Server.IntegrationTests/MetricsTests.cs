using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Operations;

namespace Trellis.Server.IntegrationTests;

/// <summary>What one server recorded on its <c>Trellis.Server</c> meter, read as any listener (an exporter, dotnet-counters) reads it.</summary>
internal sealed class RecordedMetrics : IDisposable
{
    private readonly MeterListener _listener = new();

    public RecordedMetrics(IServiceProvider services)
    {
        // Only this server's meter: other servers of the test run have their own factory.
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TrellisMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Name, double Value, Dictionary<string, string?> Tags)> Measurements { get; } = new();

    public IEnumerable<(double Value, Dictionary<string, string?> Tags)> Of(string name) =>
        Measurements.Where(m => m.Name == name).Select(m => (m.Value, m.Tags));

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        Measurements.Enqueue((instrument.Name, value, copy));
    }
}

/// <summary>Trellis's own metrics (docs/operations.md, "Metrics") count what happened, with their tags.</summary>
public sealed class MetricsTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALaunchIsCountedByActionModeAndOutcome()
    {
        using var admin = await app.SignedInAsync();
        var name = "metered_" + Guid.NewGuid().ToString("N")[..8];
        using (var put = await ActionConfigurationTests.PutAsync(admin, $$"""
            [{"name":"{{name}}","title":"Metered","entity_type":["defect"],"views":["list"],"dialog":"small","single_entity":true,"url":"https://example.com/?ids={entity_ids}"}]
            """, null))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var defects = await admin.CreateDefectsAsync("Launched from", "Also selected");
        using var metrics = new RecordedMetrics(app.Services);

        using var launch = await admin.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/{name}/launch",
            new { view = "list", entity_type = "defect", entity_ids = new[] { defects[0] } }, Cancel);
        using var disabled = await admin.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/{name}/launch",
            new { view = "list", entity_type = "defect", entity_ids = defects }, Cancel);

        Assert.Equal(HttpStatusCode.OK, launch.StatusCode);
        var launches = metrics.Of("trellis.launches").Where(m => m.Tags["trellis.action"] == name).ToList();
        Assert.Equal(2, launches.Count);
        Assert.All(launches, m => Assert.Equal(1, m.Value));
        Assert.All(launches, m => Assert.Equal("dialog", m.Tags["trellis.launch.mode"]));
        Assert.Equal("launched", launches[0].Tags["trellis.launch.outcome"]);
        // Two entities for a single-entity action: the first failing availability check names the outcome.
        Assert.Equal((await disabled.ReadObjectAsync()).Text("reason"), launches[1].Tags["trellis.launch.outcome"]);
    }

    [Fact]
    public async Task AFailedSignInIsCountedWithItsReason_AndASuccessfulOneIsNot()
    {
        using var metrics = new RecordedMetrics(app.Services);
        using var client = app.Anonymous();
        var login = $"metered-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(login, "Right-Password-1", "member");

        using var wrong = await client.PostAsJsonAsync("/authentication/sign_in", new { user = login, password = "Wrong-Password-1" }, Cancel);
        using var right = await client.PostAsJsonAsync("/authentication/sign_in", new { user = login, password = "Right-Password-1" }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var failure = Assert.Single(metrics.Of("trellis.sign_in.failures"));
        Assert.Equal(1, failure.Value);
        Assert.Equal("bad_credentials", failure.Tags["trellis.sign_in.reason"]);
    }

    [Fact]
    public async Task AConfigurationSaveIsCountedWithItsSource()
    {
        using var admin = await app.SignedInAsync();
        using var metrics = new RecordedMetrics(app.Services);

        using var put = await ActionConfigurationTests.PutAsync(admin, ActionConfigurationTests.Single("saved_" + Guid.NewGuid().ToString("N")[..8], "https://example.com/"), null);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var save = Assert.Single(metrics.Of("trellis.configuration.saves"));
        Assert.Equal("rest", save.Tags["trellis.configuration.source"]);
    }
}
