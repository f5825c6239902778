using System.Collections.Immutable;

namespace Trellis.Actions.Templates;

/// <summary>The result of expanding a URL template.</summary>
/// <param name="Url">The URL with every known token replaced; unknown tokens stay as written.</param>
/// <param name="UnresolvedFields">
/// The <c>{entity.…}</c> paths that named no field of the entity (rendered empty); the caller logs them (docs/reference/launches.md#values-and-encoding).
/// </param>
public readonly record struct UrlExpansion(string Url, ImmutableArray<string> UnresolvedFields)
{
    /// <summary>Gets a value indicating whether every entity field token found its field.</summary>
    public bool AllFieldsResolved => UnresolvedFields.IsDefaultOrEmpty;
}
