using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Trellis.Actions.Configuration;

namespace Trellis.Actions.Catalog;

/// <summary>
/// The actions that pass checks 2–4 for one (entity type, view, kind, module) key, in configuration order,
/// with their answers per workspace (check 1).
/// </summary>
/// <remarks>
/// A workspace that no <c>workspaces</c> or <c>exclude_workspaces</c> list of the bucket names sees exactly the
/// actions without a <c>workspaces</c> list, so one precomputed array serves every such workspace. Each named
/// workspace gets its own array, built on first use and then cached; the set of named workspaces is fixed at
/// compile time, so the cache is bounded and a lookup never allocates once warm.
/// </remarks>
internal sealed class CatalogBucket
{
    private readonly ActionDefinition[] _candidates;
    private readonly ActionDefinition[] _elsewhere;
    private readonly long[] _named;
    private readonly ActionDefinition[]?[] _perNamed;

    public CatalogBucket(ActionDefinition[] candidates)
    {
        _candidates = candidates;
        _elsewhere = Shrink(candidates.Where(a => a.Workspaces is null).ToArray(), candidates);

        var named = new SortedSet<long>();
        foreach (var action in candidates)
        {
            if ((action.Workspaces ?? action.ExcludeWorkspaces) is { } listed)
            {
                named.UnionWith(listed);
            }
        }

        _named = [.. named];
        _perNamed = new ActionDefinition[]?[_named.Length];
    }

    /// <summary>Gets the actions of this bucket that apply in a workspace.</summary>
    public ImmutableArray<ActionDefinition> For(long workspace)
    {
        var slot = Array.BinarySearch(_named, workspace);
        if (slot < 0)
        {
            return ImmutableCollectionsMarshal.AsImmutableArray(_elsewhere);
        }

        var cached = Volatile.Read(ref _perNamed[slot]);
        return ImmutableCollectionsMarshal.AsImmutableArray(cached ?? Fill(slot, workspace));
    }

    private ActionDefinition[] Fill(int slot, long workspace)
    {
        var passing = Shrink(_candidates.Where(a => Applicability.PassesWorkspace(a, workspace)).ToArray(), _candidates);
        if (passing.AsSpan().SequenceEqual(_elsewhere, ReferenceEqualityComparer.Instance))
        {
            passing = _elsewhere;
        }

        // Racing builders compute equal arrays; the first one stored is the one every caller sees from then on.
        return Interlocked.CompareExchange(ref _perNamed[slot], passing, null) ?? passing;
    }

    // Shares the empty array and the full candidate array instead of keeping copies of them.
    private static ActionDefinition[] Shrink(ActionDefinition[] subset, ActionDefinition[] all) =>
        subset.Length == 0 ? [] : subset.Length == all.Length ? all : subset;
}
