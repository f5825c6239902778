using System.Diagnostics.Metrics;

namespace Trellis.Application.Operations;

/// <summary>
/// Trellis's own metrics (docs/operations.md, "Metrics"), on the meter <c>Trellis.Server</c>: exported over OTLP with
/// the rest of the telemetry when it is on, and readable by any <see cref="MeterListener"/> (<c>dotnet-counters</c>).
/// Tags are bounded: action names come from the space's configuration, reasons and modes are fixed codes.
/// </summary>
internal sealed class TrellisMetrics
{
    /// <summary>The meter's name, to subscribe to.</summary>
    public const string MeterName = "Trellis.Server";

    private readonly Counter<long> _launches;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _configurationSaves;
    private readonly Counter<long> _catalogLoads;
    private readonly Histogram<double> _notifyLag;
    private readonly Counter<long> _bundleUploads;
    private readonly Counter<long> _bundleBytesServed;
    private readonly Counter<long> _signInFailures;

    public TrellisMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName, typeof(TrellisMetrics).Assembly.GetName().Version?.ToString());
        _launches = meter.CreateCounter<long>("trellis.launches", "{launch}",
            "External-action launches planned, by action, mode and outcome (launched, or the first failing availability check)");
        _messages = meter.CreateCounter<long>("trellis.launch_messages", "{message}",
            "Messages launched apps posted to the host, accepted or rejected, with the judge's reason");
        _configurationSaves = meter.CreateCounter<long>("trellis.configuration.saves", "{version}",
            "External-action configuration versions saved on this node, by source (editor, rest, bundle, restore)");
        _catalogLoads = meter.CreateCounter<long>("trellis.catalog.loads", "{catalog}",
            "Compiled catalogs loaded from the database (after a start or another node's change)");
        _notifyLag = meter.CreateHistogram<double>("trellis.notify.lag", "ms",
            "How long another node's PostgreSQL NOTIFY took to reach this node (its heartbeat's send time to arrival)");
        _bundleUploads = meter.CreateCounter<long>("trellis.bundle.uploads", "{bundle}",
            "Bundles stored (created or replaced)");
        _bundleBytesServed = meter.CreateCounter<long>("trellis.bundle.served", "By",
            "Bytes of bundle files served (304 answers carry none)");
        _signInFailures = meter.CreateCounter<long>("trellis.sign_in.failures", "{attempt}",
            "Refused sign-ins, REST and web UI alike, by reason (bad_credentials, locked_out, busy)");
    }

    public void Launched(string action, string mode, string? disabledReason) =>
        _launches.Add(1, new("trellis.action", action), new("trellis.launch.mode", mode), new("trellis.launch.outcome", disabledReason ?? "launched"));

    public void MessageJudged(bool accepted, string? reason) =>
        _messages.Add(1, new("trellis.message.outcome", accepted ? "accepted" : "rejected"), new("trellis.message.reason", reason ?? "none"));

    public void ConfigurationSaved(string source) => _configurationSaves.Add(1, new KeyValuePair<string, object?>("trellis.configuration.source", source));

    public void CatalogLoaded() => _catalogLoads.Add(1);

    public void NotifyHeard(TimeSpan lag) => _notifyLag.Record(Math.Max(0, lag.TotalMilliseconds));

    public void BundleStored() => _bundleUploads.Add(1);

    public void BundleBytesServed(long bytes) => _bundleBytesServed.Add(bytes);

    public void SignInFailed(string reason) => _signInFailures.Add(1, new KeyValuePair<string, object?>("trellis.sign_in.reason", reason));
}
