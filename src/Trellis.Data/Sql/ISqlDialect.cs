namespace Trellis.Data.Sql;

/// <summary>
/// What differs between the providers when Trellis writes SQL by hand over the <c>entities</c> table: reading a
/// field out of the JSON <c>fields</c> column. Field names come from field metadata and are checked to be plain
/// identifiers before they reach SQL; values always travel as parameters.
/// </summary>
public interface ISqlDialect
{
    /// <summary>Gets the provider this dialect writes for.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>An expression for a JSON field's scalar value that compares and sorts by its JSON type (numbers as numbers).</summary>
    /// <param name="alias">The alias of the <c>entities</c> row, such as <c>e</c>.</param>
    /// <param name="field">The field name.</param>
    /// <returns>A SQL expression.</returns>
    string JsonValue(string alias, string field);

    /// <summary>An expression for a JSON field as text (<see langword="null"/> when missing or JSON null).</summary>
    /// <param name="alias">The alias of the <c>entities</c> row.</param>
    /// <param name="field">The field name.</param>
    /// <returns>A SQL expression.</returns>
    string JsonText(string alias, string field);

    /// <summary>An expression for a single reference stored in a JSON field, as a 64-bit integer id.</summary>
    /// <param name="alias">The alias of the <c>entities</c> row.</param>
    /// <param name="field">The reference field name.</param>
    /// <returns>A SQL expression.</returns>
    string JsonReferenceId(string alias, string field);

    /// <summary>An expression for a JSON field as a double-precision number (<see langword="null"/> when missing).</summary>
    /// <param name="alias">The alias of the <c>entities</c> row.</param>
    /// <param name="field">The field name.</param>
    /// <returns>A SQL expression that compares with a <see cref="double"/> parameter.</returns>
    string JsonNumber(string alias, string field);

    /// <summary>An expression for a JSON boolean field; a missing flag reads as false, as Octane shows it.</summary>
    /// <param name="alias">The alias of the <c>entities</c> row.</param>
    /// <param name="field">The field name.</param>
    /// <returns>A SQL expression that compares with a <see cref="bool"/> parameter.</returns>
    string JsonBoolean(string alias, string field);

    /// <summary>
    /// A <c>FROM</c> item yielding one row per element of a JSON array field (a multi-reference), none when the
    /// field is missing or not an array; read each element's id with <see cref="JsonElementId"/>.
    /// </summary>
    /// <param name="alias">The alias of the <c>entities</c> row.</param>
    /// <param name="field">The multi-reference field name.</param>
    /// <param name="elementAlias">The alias to give the element rows.</param>
    /// <returns>A SQL table source, such as <c>json_each(e.fields, '$.f') AS m</c>.</returns>
    string JsonArrayElements(string alias, string field, string elementAlias);

    /// <summary>The id held by one element row of <see cref="JsonArrayElements"/>, as a 64-bit integer.</summary>
    /// <param name="elementAlias">The alias given to the element rows.</param>
    /// <returns>A SQL expression.</returns>
    string JsonElementId(string elementAlias);

    /// <summary>
    /// A condition that <paramref name="expression"/> is one of a set of ids bound as ONE parameter (whatever the
    /// set's size, so no statement meets the provider's parameter limit and the SQL text does not grow with the list).
    /// </summary>
    /// <param name="expression">A 64-bit integer expression, such as <c>e.id</c> or <see cref="JsonReferenceId"/>.</param>
    /// <param name="parameter">The placeholder of the parameter bound to <see cref="IdSetValue"/>.</param>
    /// <returns>A SQL condition.</returns>
    string InIdSet(string expression, string parameter);

    /// <summary>The value to bind to the parameter of <see cref="InIdSet"/>.</summary>
    /// <param name="ids">The ids of the set.</param>
    /// <returns>A value the provider binds: a JSON array text on SQLite, a <c>bigint[]</c> on PostgreSQL.</returns>
    object IdSetValue(IReadOnlyCollection<long> ids);

    /// <summary>
    /// A text expression in lower case by Unicode's rules, as <see cref="string.ToLowerInvariant"/> lowers the value it is
    /// compared with (SQLite's own <c>lower()</c> folds ASCII letters only).
    /// </summary>
    /// <param name="expression">A text expression.</param>
    /// <returns>A SQL expression.</returns>
    string Lower(string expression);

    /// <summary>The <c>fields</c> column without one member, for an <c>UPDATE … SET fields = …</c> that drops a field's values.</summary>
    /// <param name="field">The member's name (a checked identifier).</param>
    /// <returns>A SQL expression of the column's type.</returns>
    string FieldsWithout(string field);
}
