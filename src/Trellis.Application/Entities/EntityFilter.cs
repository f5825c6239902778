using System.Globalization;
using System.Text.RegularExpressions;

namespace Trellis.Application.Entities;

/// <summary>
/// A parameterised SQL condition over the <c>entities</c> row aliased <c>e</c>: the seam where the query language
/// (docs/reference/rest.md#query-language), compiled through <see cref="Trellis.Data.Sql.ISqlDialect"/>, narrows a list. Placeholders are
/// <c>{0}</c>, <c>{1}</c>… into <paramref name="Parameters"/>; values never appear in <paramref name="Sql"/>.
/// </summary>
internal sealed partial record EntityFilter(string Sql, IReadOnlyList<object> Parameters)
{
    /// <summary>Gets a value indicating whether the filter is a text search, whose hits carry <c>global_text_search_result</c>.</summary>
    public bool IsTextSearch { get; init; }

    /// <summary>The condition with its placeholders moved up by <paramref name="offset"/>, to follow other parameters.</summary>
    public string SqlFrom(int offset) => offset == 0
        ? Sql
        : Placeholder().Replace(Sql, m => "{" + (int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + offset).ToString(CultureInfo.InvariantCulture) + "}");

    /// <summary>Both conditions; a text search stays one, so its hits still say what matched.</summary>
    public EntityFilter And(EntityFilter other) =>
        new($"({Sql}) AND ({other.SqlFrom(Parameters.Count)})", [.. Parameters, .. other.Parameters]) { IsTextSearch = IsTextSearch || other.IsTextSearch };

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
