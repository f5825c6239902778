namespace Trellis.Application.Auth;

/// <summary>The roles of docs/reference/rest.md#authentication, as stored in <c>role_assignments.role</c>.</summary>
internal static class Roles
{
    /// <summary>Site parameters and every space.</summary>
    public const string SiteAdmin = "site_admin";

    /// <summary>External actions, bundles and the users of one shared space.</summary>
    public const string SpaceAdmin = "space_admin";

    /// <summary>Administers one workspace.</summary>
    public const string WorkspaceAdmin = "workspace_admin";

    /// <summary>Reads and writes the entities of one workspace.</summary>
    public const string Member = "member";

    /// <summary>Reads the entities of one workspace.</summary>
    public const string Viewer = "viewer";
}
