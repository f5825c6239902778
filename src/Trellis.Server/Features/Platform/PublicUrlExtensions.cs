namespace Trellis.Server.Features.Platform;

/// <summary>Registers the public addresses and adds the automatic bundle listener.</summary>
internal static class PublicUrlExtensions
{
    /// <summary>Binds <see cref="PublicUrlOptions"/>, registers <see cref="TrellisUrls"/> and, without a configured bundle origin, listens on the next port too.</summary>
    public static WebApplicationBuilder AddPublicUrls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PublicUrlOptions>().Configure<IConfiguration>(PublicUrlOptions.Bind).ValidateDataAnnotations().ValidateOnStart();
        var (plan, main) = BundleListenerPlan.For(builder.Configuration);
        if (plan.Urls.Count > 0)
        {
            // Kestrel keeps every address of the list; the bundle listener is told apart by its port.
            builder.WebHost.UseUrls([.. main, .. plan.Urls]);
        }

        builder.Services.AddSingleton(plan);
        builder.Services.AddSingleton<TrellisUrls>();
        builder.Services.AddHostedService<BundleOriginReport>();
        return builder;
    }
}
