using System.Collections.Immutable;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Shares equal lists between the actions of one document: configurations repeat the same few entity-type,
/// module and workspace lists, and one array each keeps a large parse's result (and its garbage collection) small.
/// </summary>
internal sealed class ListCache
{
    // Enough for the distinct lists of a real configuration; past it, new lists are simply not shared.
    private const int Limit = 64;

    private readonly List<ImmutableArray<string>> _strings = [];
    private readonly List<ImmutableArray<long>> _numbers = [];

    /// <summary>An immutable list equal to <paramref name="items"/>, shared when an equal one was made before.</summary>
    /// <param name="items">The items, in order.</param>
    /// <returns>The shared or new list.</returns>
    public ImmutableArray<string> Share(ReadOnlySpan<string> items) => Share(_strings, items);

    /// <summary>An immutable list equal to <paramref name="items"/>, shared when an equal one was made before.</summary>
    /// <param name="items">The items, in order.</param>
    /// <returns>The shared or new list.</returns>
    public ImmutableArray<long> Share(ReadOnlySpan<long> items) => Share(_numbers, items);

    private static ImmutableArray<T> Share<T>(List<ImmutableArray<T>> known, ReadOnlySpan<T> items)
    {
        if (items.IsEmpty)
        {
            return [];
        }

        foreach (var list in known)
        {
            if (list.AsSpan().SequenceEqual(items))
            {
                return list;
            }
        }

        var created = ImmutableArray.Create(items);
        if (known.Count < Limit)
        {
            known.Add(created);
        }

        return created;
    }
}
