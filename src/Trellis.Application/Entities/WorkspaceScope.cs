using Trellis.Application.Access;
using Trellis.Application.Auth;

namespace Trellis.Application.Entities;

/// <summary>
/// A workspace the caller holds a role in, and that role, as <see cref="AccessResolver"/> found it. Only the resolver
/// makes one; the services that read or change a workspace take it instead of ids, so neither front door can reach
/// them around the check.
/// </summary>
internal sealed record WorkspaceScope(long SharedSpaceId, long WorkspaceId, CurrentUser User, string Role)
{
    private static readonly object Key = new();

    public bool CanWrite => Lacks(WorkspaceTier.Member) is null;

    /// <summary>Why this role is not enough for <paramref name="tier"/>, or <see langword="null"/> when it is.</summary>
    public AccessRefusal? Lacks(WorkspaceTier tier) => tier switch
    {
        WorkspaceTier.Member when Role == Roles.Viewer => AccessRefusal.Forbidden("A viewer may read this workspace but not change it."),
        WorkspaceTier.Admin when Role != Roles.WorkspaceAdmin => AccessRefusal.Forbidden("Only a workspace admin may do this."),
        _ => null,
    };

    /// <summary>The scope the workspace filter put on the request.</summary>
    public static WorkspaceScope Get(HttpContext context) =>
        context.Items[Key] as WorkspaceScope ?? throw new InvalidOperationException("The workspace filter did not run.");

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
