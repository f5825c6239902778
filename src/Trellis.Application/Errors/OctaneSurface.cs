namespace Trellis.Application.Errors;

/// <summary>Which paths answer errors in Octane's shape (docs/reference/rest.md#conventions): <c>/api/**</c>, <c>/internal-api/**</c> and <c>/authentication/**</c>.</summary>
internal static class OctaneSurface
{
    public static bool Contains(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/internal-api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/authentication", StringComparison.OrdinalIgnoreCase);
}
