using System.Collections.Frozen;

namespace Trellis.Actions.Configuration;

/// <summary>Defaults and limits of the action JSON (docs/reference/configuration-rules.md).</summary>
public static class ActionDefaults
{
    /// <summary>The icon used when none is given or the name is unknown.</summary>
    public const string Icon = "external-link";

    /// <summary>Every icon name Trellis knows (docs/reference/configuration-rules.md#properties); <c>docs/icons.md</c> maps them to the UI's icon set.</summary>
    public static FrozenSet<string> Icons { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "rss", "details", "plus", "f-list", "import", "type-pipeline", "children", "external-link");

    /// <summary>Names an action may not take, because they collide with REST paths.</summary>
    public static FrozenSet<string> ReservedNames { get; } =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "bundle", "bundles", "history");

    /// <summary>The most actions one configuration may hold.</summary>
    public const int MaxActions = 5000;

    /// <summary>The largest configuration document, in bytes.</summary>
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    /// <summary>The longest <c>name</c>.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest <c>title</c>.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest <c>tooltip</c>.</summary>
    public const int MaxTooltipLength = 500;

    /// <summary>The longest <c>url</c>.</summary>
    public const int MaxUrlLength = 4096;

    /// <summary>The longest chip <c>mode.prompt</c>, in UTF-16 code units.</summary>
    public const int MaxPromptLength = 1500;
}
