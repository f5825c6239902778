namespace Trellis.Application.Entities;

/// <summary>The largest attachment (<c>Trellis:Attachments:MaxBytes</c>), for the upload endpoint and the page that offers uploads.</summary>
internal static class AttachmentLimits
{
    /// <summary>The configuration key of the largest attachment, in bytes.</summary>
    public const string MaxBytesKey = "Trellis:Attachments:MaxBytes";

    /// <summary>The default largest attachment: 20 MiB.</summary>
    public const long DefaultMaxBytes = 20 * 1024 * 1024;

    /// <summary>The configured largest attachment, at least one byte.</summary>
    public static long MaxBytes(IConfiguration configuration) => Math.Max(1, configuration.GetValue(MaxBytesKey, DefaultMaxBytes));
}
