using System.Globalization;

namespace Trellis.Web.Shared;

/// <summary>
/// Where a page is, read from its path: <c>/{shared_space}/{workspace}/{module or entity type}/…</c>, or the
/// space-level <c>/{shared_space}/settings/…</c>, or the site's <c>/settings/…</c> (docs/reference/interfaces.md#web-ui-names).
/// </summary>
/// <param name="SharedSpace">The shared space, when the path names one.</param>
/// <param name="Workspace">The workspace, when the path names one.</param>
/// <param name="Section">The third segment: a module (<c>backlog</c>) or an entity type (<c>defect</c>).</param>
public sealed record WorkspaceRoute(long? SharedSpace, long? Workspace, string? Section)
{
    /// <summary>The modules the shell offers, in menu order, with their labels.</summary>
    public static IReadOnlyList<(string Name, string Label)> Modules { get; } =
        [("backlog", "Backlog"), ("team_backlog", "Team Backlog"), ("quality", "Quality"), ("pipelines", "Pipelines"), ("releases", "Releases")];

    /// <summary>Gets a value indicating whether the path is a space's settings page (<c>/{shared_space}/settings/…</c>).</summary>
    public bool IsSpaceSettings { get; init; }

    /// <summary>Gets a value indicating whether the path is a site administration page (<c>/settings/…</c>): site admins only.</summary>
    public bool IsSiteSettings { get; init; }

    /// <summary>Reads a base-relative path such as <c>1001/1002/backlog?x=1</c>.</summary>
    public static WorkspaceRoute Parse(string relativePath)
    {
        var path = relativePath.Split('?', '#')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        long? space = segments.Length > 0 && long.TryParse(segments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        long? workspace = space is not null && segments.Length > 1 && long.TryParse(segments[1], NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : null;
        var section = workspace is not null && segments.Length > 2 ? segments[2] : null;
        return new WorkspaceRoute(space, workspace, section)
        {
            IsSpaceSettings = space is not null && workspace is null && segments.Length > 1 && segments[1] == "settings",
            IsSiteSettings = space is null && segments.Length > 1 && segments[0] == "settings",
        };
    }

    /// <summary>The path of a module page in this route's workspace.</summary>
    public string ModulePath(string module) => $"{SharedSpace}/{Workspace}/{module}";
}
