namespace Trellis.Application.ExternalActions.DevOverrides;

/// <summary>How long development overrides last (<c>Trellis:DevOverrides</c>, docs/reference/launches.md#development-overrides).</summary>
internal sealed class DevOverrideOptions
{
    public const string Section = "Trellis:DevOverrides";

    /// <summary>Gets or sets how long an override lasts when its author names no lifetime.</summary>
    /// <value>The default is 8 hours.</value>
    [TimeSpanRange("00:01:00", "30.00:00:00")]
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Gets or sets the longest lifetime an author may ask for; a longer one is refused.</summary>
    /// <value>The default is 24 hours.</value>
    [TimeSpanRange("00:01:00", "30.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(24);
}
