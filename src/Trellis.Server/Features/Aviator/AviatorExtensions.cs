namespace Trellis.Server.Features.Aviator;

/// <summary>Registers the Aviator assistant (docs/reference/interfaces.md#running-the-server <c>Trellis:Aviator</c>) and the chips service.</summary>
internal static class AviatorExtensions
{
    public static IServiceCollection AddAviator(this IServiceCollection services)
    {
        services.AddOptions<AviatorOptions>().BindConfiguration(AviatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // One client for the process: it pools its HTTP connections.
        services.AddSingleton<AviatorAssistant>();
        services.AddSingleton<AviatorChips>();
        return services;
    }
}
