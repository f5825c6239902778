using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>The answer to an accepted upload (docs/reference/bundles.md#endpoints).</summary>
internal sealed record BundleUploadResponse(
    [property: JsonPropertyName("guid")] string Guid,
    [property: JsonPropertyName("action")] JsonObject? Action,
    [property: JsonPropertyName("entries")] IReadOnlyList<string> Entries,
    [property: JsonPropertyName("file_count")] int FileCount,
    [property: JsonPropertyName("uncompressed_size")] long UncompressedSize,
    [property: JsonPropertyName("diagnostics")] JsonArray Diagnostics);

/// <summary>One bundle of a space's list.</summary>
internal sealed record BundleListItem(
    [property: JsonPropertyName("guid")] string Guid,
    [property: JsonPropertyName("action_name")] string? ActionName,
    [property: JsonPropertyName("entries")] IReadOnlyList<string> Entries,
    [property: JsonPropertyName("file_count")] int FileCount,
    [property: JsonPropertyName("uncompressed_size")] long UncompressedSize,
    [property: JsonPropertyName("uploaded_by")] string UploadedBy,
    [property: JsonPropertyName("uploaded_at")] string UploadedAt);

/// <summary>A space's bundles, in Octane's collection shape.</summary>
internal sealed record BundlePage(
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("data")] IReadOnlyList<BundleListItem> Data)
{
    [JsonPropertyName("exceeds_total_count")]
    public bool ExceedsTotalCount => false;
}
