using System.Diagnostics.CodeAnalysis;

namespace Trellis.Application.Entities;

/// <summary>
/// The <c>fields</c> parameter (docs/reference/rest.md#urls-and-parameters): a comma list whose items may carry a braced sub-list for the
/// fields of a reference's target, such as <c>owner{id,name}</c>, nested up to three levels.
/// </summary>
internal sealed class FieldSelection
{
    public const int MaxDepth = 3;

    private FieldSelection(IReadOnlyDictionary<string, FieldSelection?> items) => Items = items;

    /// <summary>Gets the selected names, each with its sub-selection or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, FieldSelection?> Items { get; }

    /// <summary>The same selection with only the names <paramref name="keep"/> accepts.</summary>
    public FieldSelection Only(Func<string, bool> keep) =>
        new(Items.Where(i => keep(i.Key)).ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal));

    public static bool TryParse(string text, [NotNullWhen(true)] out FieldSelection? selection, [NotNullWhen(false)] out string? error)
    {
        var position = 0;
        selection = ParseList(text, ref position, depth: 1, out error);
        if (selection is not null && position < text.Length)
        {
            error = $"Unexpected '{text[position]}' at {position} in fields.";
            selection = null;
        }

        return selection is not null;
    }

    private static FieldSelection? ParseList(string text, ref int position, int depth, out string? error)
    {
        var items = new Dictionary<string, FieldSelection?>(StringComparer.Ordinal);
        error = null;
        while (position < text.Length && text[position] != '}')
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_' || text[position] == ' '))
            {
                position++;
            }

            var name = text[start..position].Trim();
            FieldSelection? child = null;
            if (position < text.Length && text[position] == '{')
            {
                if (depth >= MaxDepth)
                {
                    error = $"fields nest at most {MaxDepth} levels.";
                    return null;
                }

                position++;
                child = ParseList(text, ref position, depth + 1, out error);
                if (child is null)
                {
                    return null;
                }

                if (position >= text.Length || text[position] != '}')
                {
                    error = "A '{' in fields is not closed.";
                    return null;
                }

                position++;
            }

            if (position < text.Length && text[position] is not (',' or '}'))
            {
                error = $"Unexpected '{text[position]}' at {position} in fields.";
                return null;
            }

            if (name.Length > 0)
            {
                items[name] = child;
            }
            else if (child is not null)
            {
                error = "A '{' in fields follows no field name.";
                return null;
            }

            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
        }

        if (depth == 1 && position < text.Length)
        {
            error = "An unmatched '}' in fields.";
            return null;
        }

        return new FieldSelection(items);
    }
}
