namespace Trellis.Application.ExternalActions;

/// <summary>
/// The demo configuration (<c>samples/demo-actions.json</c>, embedded in the server) stored as version 1 with source
/// <c>bootstrap</c> when the first start adds demo data: a tab button, a small dialog with events, a side panel and a
/// chip with a prompt.
/// </summary>
internal static class DemoActions
{
    public const string ResourceName = "Trellis.Server.samples.demo-actions.json";

    public static byte[] Read()
    {
        using var stream = typeof(DemoActions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Saves the demo configuration for a space that has none yet.</summary>
    public static async Task AddAsync(IServiceProvider services, long sharedSpaceId, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<ActionConfigurationStore>();
        var outcome = await store.SaveAsync(sharedSpaceId, Read(), ifMatch: 0, userId: null, ConfigSources.Bootstrap, comment: "Demo actions", restoredFrom: null, cancellationToken);
        if (outcome.Status is not (SaveStatus.Saved or SaveStatus.Conflict))
        {
            throw new InvalidOperationException($"The demo actions did not save: {outcome.Status} {string.Join("; ", outcome.Diagnostics.Select(d => d.Code + " " + d.Message))}");
        }
    }
}
