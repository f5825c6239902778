using System.Globalization;
using System.Text.Json;

namespace Trellis.Actions.Messages;

/// <summary>How ids in messages become strings: the one rule for context, instance and entity ids.</summary>
internal static class JsonText
{
    /// <summary>
    /// A string trimmed, or an integral number as its decimal string (<c>1001</c>, <c>1001.0</c> and <c>1e3</c>
    /// read as JavaScript's <c>String(n)</c> would); <see langword="null"/> for any other value.
    /// </summary>
    public static string? IdOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Trim(),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => integer.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number when value.TryGetDecimal(out var number) && number == decimal.Truncate(number) =>
            decimal.Truncate(number).ToString("0", CultureInfo.InvariantCulture),
        _ => null,
    };
}
