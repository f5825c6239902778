using System.Collections.Immutable;

namespace Trellis.Query.Syntax;

// ImmutableArray compares by reference; the tree promises structural equality.
internal static class SequenceEquality
{
    public static bool Equal<T>(ImmutableArray<T> left, ImmutableArray<T> right)
    {
        if (left.IsDefault || right.IsDefault)
        {
            return left.IsDefault == right.IsDefault;
        }

        return left.AsSpan().SequenceEqual(right.AsSpan());
    }

    public static int Hash<T>(ImmutableArray<T> items, int seed)
    {
        var hash = new HashCode();
        hash.Add(seed);
        if (!items.IsDefault)
        {
            foreach (var item in items)
            {
                hash.Add(item);
            }
        }

        return hash.ToHashCode();
    }
}
