namespace Trellis.Server.Features.Operations;

/// <summary>
/// A node starts from the slim host (docs/deployment.md, "The host"): no IIS integration, no hosting-startup
/// assemblies and no HTTP/3 unless an endpoint asks for it, which keeps about 2 MB of code out of an idle node
/// (docs/performance.md, "Seventh pass"). What an operator configures on Linux is added back here.
/// </summary>
internal static class HostExtensions
{
    /// <summary>Kestrel's https endpoints and certificates, HTTP/3 when configured, full routing, the EventSource logger.</summary>
    public static WebApplicationBuilder AddWhatOperatorsConfigure(this WebApplicationBuilder builder)
    {
        // Kestrel:Certificates and https endpoints from configuration (ASPNETCORE_URLS=https://…).
        builder.WebHost.UseKestrelHttpsConfiguration();
        if (AsksForHttp3(builder.Configuration))
        {
            builder.WebHost.UseQuic();
        }

        // The regex and alpha route constraints the slim host's core routing leaves out.
        builder.Services.AddRouting();
        // dotnet-trace and dotnet-counters read a node's log through it.
        builder.Logging.AddEventSourceLogger();
        return builder;
    }

    /// <summary>Whether a Kestrel endpoint, or the defaults for all of them, lists Http3 among its protocols.</summary>
    internal static bool AsksForHttp3(IConfiguration configuration) =>
        configuration.GetSection("Kestrel").AsEnumerable()
            .Any(setting => setting.Key.EndsWith(":Protocols", StringComparison.OrdinalIgnoreCase)
                && setting.Value?.Contains("Http3", StringComparison.OrdinalIgnoreCase) == true);
}
