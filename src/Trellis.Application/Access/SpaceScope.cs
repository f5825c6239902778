using Trellis.Application.Auth;

namespace Trellis.Application.Access;

/// <summary>A shared space the caller holds a role in, as <see cref="AccessResolver"/> found it.</summary>
internal sealed record SpaceScope(long SharedSpaceId, CurrentUser User)
{
    private static readonly object Key = new();

    public bool IsAdmin => User.IsSpaceAdmin(SharedSpaceId);

    /// <summary>The scope the space filter put on the request.</summary>
    public static SpaceScope Get(HttpContext context) =>
        context.Items[Key] as SpaceScope ?? throw new InvalidOperationException("The shared-space filter did not run.");

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
