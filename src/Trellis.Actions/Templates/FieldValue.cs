using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Trellis.Actions.Templates;

/// <summary>
/// One field value of an entity, as <c>{entity.f}</c> and <c>{entity.f.g}</c> see it: a scalar already rendered
/// to its URL text (docs/reference/launches.md#values-and-encoding), a reference (an id with fields), or a multi-reference (a list of values).
/// Rendering happens once, when the value is made, so that expansion only encodes.
/// </summary>
public sealed class FieldValue
{
    private static readonly FrozenDictionary<string, FieldValue> s_noFields =
        FrozenDictionary<string, FieldValue>.Empty;

    private static readonly FieldValue s_true = new(FieldKind.Boolean, "true");
    private static readonly FieldValue s_false = new(FieldKind.Boolean, "false");

    private FieldValue(FieldKind kind, string text)
    {
        Kind = kind;
        Text = text;
        Fields = s_noFields;
    }

    /// <summary>Gets the value that renders empty.</summary>
    public static FieldValue Null { get; } = new(FieldKind.Null, string.Empty);

    /// <summary>Gets the field type.</summary>
    public FieldKind Kind { get; }

    /// <summary>
    /// Gets the rendered text before encoding: the string, the plain text of a memo, the formatted number, date
    /// or boolean, or the id of a reference. Empty for <see cref="FieldKind.Null"/> and multi-references.
    /// </summary>
    public string Text { get; }

    /// <summary>Gets the fields of a reference (empty for other kinds); names are case-sensitive.</summary>
    public FrozenDictionary<string, FieldValue> Fields { get; private init; }

    /// <summary>Gets the items of a multi-reference (empty for other kinds), in order.</summary>
    public ImmutableArray<FieldValue> Items { get; private init; } = [];

    /// <summary>Gets the <c>total_count</c> of a multi-reference, when known.</summary>
    public long? TotalCount { get; private init; }

    /// <summary>Makes a string value, rendered as stored.</summary>
    /// <param name="value">The string; <see langword="null"/> gives <see cref="Null"/>.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfString(string? value) => value is null ? Null : new(FieldKind.String, value);

    /// <summary>Makes a memo value: HTML is reduced to plain text and cut to <see cref="TemplateDefaults.MaxMemoLength"/>.</summary>
    /// <param name="html">The stored rich text; <see langword="null"/> gives <see cref="Null"/>.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfMemo(string? html) =>
        html is null ? Null : new(FieldKind.Memo, HtmlText.ToPlainText(html, TemplateDefaults.MaxMemoLength));

    /// <summary>Makes a whole-number value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfNumber(long value) => new(FieldKind.Number, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Makes a number value from a double: shortest round-trip digits, never an exponent (<c>1e21</c> renders as
    /// <c>1000000000000000000000</c>), <c>-0</c> as <c>0</c> as JavaScript prints it; NaN and infinities render empty.
    /// </summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfNumber(double value) => new(FieldKind.Number, NumberText.Format(value));

    /// <summary>Makes a number value from a decimal, without trailing zeros (<c>1.50</c> renders as <c>1.5</c>).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfNumber(decimal value) => new(FieldKind.Number, NumberText.Format(value));

    /// <summary>Makes a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfBoolean(bool value) => value ? s_true : s_false;

    /// <summary>Makes a date value, rendered as <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfDate(DateTimeOffset value) =>
        new(FieldKind.Date, value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>Makes a reference: it renders as <paramref name="id"/>, and <c>{entity.f.g}</c> reads its fields.</summary>
    /// <param name="id">The referenced entity's id.</param>
    /// <param name="fields">Its fields, if loaded; <c>id</c> need not be among them.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfReference(string id, IEnumerable<KeyValuePair<string, FieldValue>>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new FieldValue(FieldKind.Reference, id) { Fields = Freeze(fields) };
    }

    /// <summary>Makes a multi-reference; it renders as its items' values joined by a raw comma.</summary>
    /// <param name="items">The items, usually references.</param>
    /// <param name="totalCount">The <c>total_count</c>, if known.</param>
    /// <returns>The value.</returns>
    public static FieldValue OfMultiReference(IEnumerable<FieldValue> items, long? totalCount = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new FieldValue(FieldKind.MultiReference, string.Empty) { Items = [.. items], TotalCount = totalCount };
    }

    /// <summary>
    /// Reads a value from Octane-shaped JSON: strings stay strings (REST dates are already in the URL format),
    /// numbers and booleans as such, <c>null</c> as <see cref="Null"/>, an object with a <c>data</c> array as a
    /// multi-reference, any other object as a reference whose id is its <c>id</c> property, and an array as a
    /// multi-reference of its elements. Memo fields cannot be told apart in JSON; use <see cref="OfMemo"/> for them.
    /// </summary>
    /// <param name="json">The JSON value.</param>
    /// <returns>The value.</returns>
    public static FieldValue FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => OfString(json.GetString()),
        JsonValueKind.Number => json.TryGetInt64(out var whole) ? OfNumber(whole) : OfNumber(json.GetDouble()),
        JsonValueKind.True => s_true,
        JsonValueKind.False => s_false,
        JsonValueKind.Array => OfMultiReference(json.EnumerateArray().Select(FromJson)),
        JsonValueKind.Object when json.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array =>
            OfMultiReference(
                data.EnumerateArray().Select(FromJson),
                json.TryGetProperty("total_count", out var total) && total.TryGetInt64(out var count) ? count : null),
        JsonValueKind.Object => OfReference(
            json.TryGetProperty("id", out var id) ? ScalarText(id) : string.Empty,
            json.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))),
        _ => Null,
    };

    /// <summary>Finds a field of a reference; <c>id</c> falls back to the reference's own id.</summary>
    /// <param name="name">The field name (case-sensitive).</param>
    /// <param name="value">The field's value when found.</param>
    /// <returns><see langword="true"/> when this is a reference with that field.</returns>
    public bool TryGetField(string name, out FieldValue value)
    {
        if (Fields.TryGetValue(name, out value!))
        {
            return true;
        }

        if (Kind == FieldKind.Reference && name == "id")
        {
            value = OfString(Text);
            return true;
        }

        value = Null;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Kind == FieldKind.MultiReference ? string.Join(',', Items.Select(i => i.ToString())) : Text;

    private static FrozenDictionary<string, FieldValue> Freeze(IEnumerable<KeyValuePair<string, FieldValue>>? fields)
    {
        if (fields is null)
        {
            return s_noFields;
        }

        if (fields is FrozenDictionary<string, FieldValue> frozen && frozen.Comparer == StringComparer.Ordinal)
        {
            return frozen;
        }

        // The last of duplicate names wins, as JSON readers that allow duplicates do.
        var copy = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            copy[name] = value;
        }

        return copy.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ScalarText(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString() ?? string.Empty,
        JsonValueKind.Number => FromJson(json).Text,
        _ => string.Empty,
    };
}
