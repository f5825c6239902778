namespace Trellis.Data.Model;

/// <summary>A run-time override of a site parameter (docs/reference/site-parameters.md#parameters); configuration holds the defaults.</summary>
public sealed class SiteParameter
{
    /// <summary>Gets or sets the parameter name, such as <c>CORS_ENABLED</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the value, as text.</summary>
    public required string Value { get; set; }

    /// <summary>Gets or sets when the value was last set.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets or sets who last set the value.</summary>
    public long? UpdatedByUserId { get; set; }
}
