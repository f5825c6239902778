namespace Trellis.Application.Access;

/// <summary>What a caller must be in a workspace, weakest first (docs/security.md, "Who may do what").</summary>
internal enum WorkspaceTier
{
    /// <summary>Any role in the workspace: reads its entities, launches its actions.</summary>
    Viewer,

    /// <summary>A role other than viewer: writes its entities.</summary>
    Member,

    /// <summary>Workspace admin (space and site admins count as one): user-defined fields.</summary>
    Admin,
}

/// <summary>What a caller must be in a shared space.</summary>
internal enum SpaceTier
{
    /// <summary>Any role in the space, or a site admin: reads its users and its external-action configuration.</summary>
    Member,

    /// <summary>Space admin (or site admin): external actions, bundles, users, API keys, the launch messages.</summary>
    Admin,
}
