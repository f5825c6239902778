namespace Trellis.Actions.Bundles;

/// <summary>The limits of docs/cli.md (Bundle rules), declared once for the server and the tool.</summary>
public static class BundleLimits
{
    /// <summary>The largest upload, compressed (20 MiB).</summary>
    public const long MaxCompressedBytes = 20L * 1024 * 1024;

    /// <summary>The largest bundle once inflated (100 MiB), counted from the inflated bytes.</summary>
    public const long MaxUncompressedBytes = 100L * 1024 * 1024;

    /// <summary>The most entries (central-directory records, folders included) in one zip.</summary>
    public const int MaxEntries = 2000;

    /// <summary>The largest inflated-to-compressed ratio of one entry.</summary>
    public const int MaxRatio = 100;

    /// <summary>Entries this small are exempt from the ratio rule.</summary>
    public const long RatioExemptBytes = 64 * 1024;

    /// <summary>The most bundles in one shared space.</summary>
    public const int MaxBundlesPerSpace = 200;

    /// <summary>The most inflated bytes across the bundles of one shared space (1 GiB).</summary>
    public const long MaxBytesPerSpace = 1024L * 1024 * 1024;

    /// <summary>The root file that carries the bundle's action; read as configuration, never served.</summary>
    public const string ConfigurationFileName = "action-configuration.json";
}
