using System.Runtime.CompilerServices;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Trellis.Server.Features.Operations;

/// <summary>
/// Traces, metrics and logs over OTLP (docs/deployment.md, "Telemetry"): off unless the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Trellis:Telemetry:OtlpEndpoint</c> names a collector.
/// </summary>
internal static class TelemetryExtensions
{
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string EndpointKey = "Trellis:Telemetry:OtlpEndpoint";
    public const string ProtocolKey = "Trellis:Telemetry:OtlpProtocol";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        // Trellis's own counters exist whether or not they are exported, so a MeterListener always sees them.
        builder.Services.AddSingleton<TrellisMetrics>();
        var trellisEndpoint = builder.Configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(builder.Configuration[StandardEndpointKey]) && string.IsNullOrWhiteSpace(trellisEndpoint))
        {
            return builder;
        }

        AddOtlpExport(builder, trellisEndpoint);
        return builder;
    }

    // A method of its own, never inlined: a node without a collector then never loads the OpenTelemetry assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlpExport(WebApplicationBuilder builder, string? trellisEndpoint)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "trellis",
                serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(TrellisMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: logs =>
            {
                logs.IncludeFormattedMessage = true;
                logs.IncludeScopes = true;
            });

        if (string.IsNullOrWhiteSpace(trellisEndpoint))
        {
            // Everything from the standard OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers).
            telemetry.UseOtlpExporter();
        }
        else
        {
            telemetry.UseOtlpExporter(Protocol(builder.Configuration[ProtocolKey]), Endpoint(trellisEndpoint));
        }
    }

    private static Uri Endpoint(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{EndpointKey}: '{text}' is not an http or https address (such as http://localhost:4317).");

    private static OtlpExportProtocol Protocol(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{ProtocolKey}: '{text}' must be grpc or http/protobuf."),
    };
}
