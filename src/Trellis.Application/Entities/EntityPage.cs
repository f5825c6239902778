using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;

namespace Trellis.Application.Entities;

/// <summary>One selected field of a page: its name, its metadata and, for a column, its place in the row's values (-1 otherwise).</summary>
internal sealed record PageField(string Name, FieldInfo Info, int Ordinal);

/// <summary>One row of a page: its id, the selected columns by ordinal and the parsed <c>fields</c> when a selected field lives there.</summary>
internal sealed record PageRow(long Id, object?[] Values, JsonDocument? Fields);

/// <summary>What a reference shows of its target: the type, the name and, for phases and list nodes, the logical name.</summary>
internal sealed record PageTarget(string Type, string? Name, string? LogicalName);

/// <summary>
/// A page read by <see cref="EntityReader.ReadPageAsync"/>, written as Octane's collection JSON
/// (<c>{"total_count","data","exceeds_total_count"}</c>) straight to a body writer with the given JSON options:
/// the same properties, order and values the general renderer (<see cref="EntityReader.RenderAsync"/>) gives.
/// </summary>
internal sealed class EntityPage(string type, bool hasSubtype, int total, IReadOnlyList<PageField> fields, IReadOnlyList<PageRow> rows) : IDisposable
{
    /// <summary>How much written JSON is held before it is sent.</summary>
    private const int FlushThreshold = 32 * 1024;

    /// <summary>Gets the selected fields other than <c>id</c>, <c>type</c> and <c>subtype</c>, in output order.</summary>
    public IReadOnlyList<PageField> Fields => fields;

    /// <summary>Gets the rows in page order.</summary>
    public IReadOnlyList<PageRow> Rows => rows;

    /// <summary>Gets the targets of the page's references, keyed by (is a user, id).</summary>
    public Dictionary<(bool User, long Id), PageTarget> Targets { get; } = [];

    /// <summary>The ids a reference field stores in a row: one id, or an array of them (as <see cref="OctaneJson.StoredIds"/> reads them).</summary>
    public static IEnumerable<long> StoredIds(PageRow row, string field)
    {
        if (row.Fields is not { RootElement: { ValueKind: JsonValueKind.Object } root } || !root.TryGetProperty(field, out var value))
        {
            yield break;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (TryGetId(item, out var id))
                {
                    yield return id;
                }
            }
        }
        else if (TryGetId(value, out var id))
        {
            yield return id;
        }
    }

    /// <summary>An id from a JSON value: a whole positive number, or a string of digits (the rules of <see cref="OctaneJson.TryGetId"/>).</summary>
    private static bool TryGetId(JsonElement value, out long id)
    {
        id = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => (value.TryGetInt64(out id) && id > 0)
                || (value.TryGetDouble(out var real) && real == Math.Floor(real) && real is > 0 and < long.MaxValue && (id = (long)real) > 0),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0,
            _ => false,
        };
    }

    /// <summary>Writes the collection with the given JSON options, then returns the parsed rows' buffers.</summary>
    public async Task WriteAsync(PipeWriter body, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await using var writer = new Utf8JsonWriter(body, WriterOptions(options));
            WriteStart(writer);
            var sent = 0L;
            foreach (var row in rows)
            {
                WriteRow(writer, row);
                // A large page goes out as it is written rather than held whole in memory.
                if (writer.BytesCommitted + writer.BytesPending - sent >= FlushThreshold)
                {
                    await writer.FlushAsync(cancellationToken);
                    await body.FlushAsync(cancellationToken);
                    sent = writer.BytesCommitted;
                }
            }

            WriteEnd(writer);
            await writer.FlushAsync(cancellationToken);
            await body.FlushAsync(cancellationToken);
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>The writer options that match how the serializer writes a <see cref="System.Text.Json.Nodes.JsonNode"/> with <paramref name="options"/>.</summary>
    public static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        MaxDepth = options.MaxDepth,
    };

    /// <summary>Writes the collection object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        WriteStart(writer);
        foreach (var row in rows)
        {
            WriteRow(writer, row);
        }

        WriteEnd(writer);
    }

    private void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("total_count", total);
        writer.WriteStartArray("data");
    }

    private static void WriteEnd(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteBoolean("exceeds_total_count", false);
        writer.WriteEndObject();
    }

    private void WriteRow(Utf8JsonWriter writer, PageRow row)
    {
        Span<char> buffer = stackalloc char[32];
        writer.WriteStartObject();
        writer.WriteString("type", type);
        WriteId(writer, "id", row.Id, buffer);
        if (hasSubtype)
        {
            writer.WriteString("subtype", (string?)row.Values[1]);
        }

        var root = row.Fields is { RootElement: { ValueKind: JsonValueKind.Object } element } ? element : (JsonElement?)null;
        foreach (var field in fields)
        {
            if (field.Info.Column is { } column)
            {
                WriteColumn(writer, field.Name, column, field.Ordinal < 0 ? null : row.Values[field.Ordinal], row.Id, buffer);
            }
            else if (field.Info.IsReference)
            {
                WriteReference(writer, field, row);
            }
            else if (root is { } fieldsObject && fieldsObject.TryGetProperty(field.Name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                writer.WritePropertyName(field.Name);
                value.WriteTo(writer);
            }
            else if (field.Info.FieldType == FieldTypes.Boolean)
            {
                // An unset flag reads as false, as Octane's do.
                writer.WriteBoolean(field.Name, false);
            }
            else
            {
                writer.WriteNull(field.Name);
            }
        }

        writer.WriteEndObject();
    }

    public void Dispose()
    {
        foreach (var row in rows)
        {
            row.Fields?.Dispose();
        }
    }

    private static void WriteColumn(Utf8JsonWriter writer, string name, string column, object? value, long id, Span<char> buffer)
    {
        switch (column, value)
        {
            case ("id", _):
                WriteId(writer, name, id, buffer);
                break;
            case ("version_stamp", long stamp):
                writer.WriteNumber(name, stamp);
                break;
            case ("creation_time" or "last_modified", DateTimeOffset date):
                // Dates in seconds, UTC (OctaneJson.DateFormat).
                date.ToUniversalTime().TryFormat(buffer, out var written, OctaneJson.DateFormat, CultureInfo.InvariantCulture);
                writer.WriteString(name, buffer[..written]);
                break;
            case ("name" or "logical_name" or "subtype", string text):
                writer.WriteString(name, text);
                break;
            default:
                writer.WriteNull(name);
                break;
        }
    }

    private void WriteReference(Utf8JsonWriter writer, PageField field, PageRow row)
    {
        var user = field.Info.TargetsUsers;
        var found = StoredIds(row, field.Name).Select(id => (Id: id, Target: Targets.GetValueOrDefault((user, id)))).Where(t => t.Target is not null);
        if (!field.Info.Multiple)
        {
            // A single reference shows its first target that still exists.
            var (id, target) = found.FirstOrDefault();
            if (target is null)
            {
                writer.WriteNull(field.Name);
                return;
            }

            writer.WritePropertyName(field.Name);
            WriteTarget(writer, id, target);
            return;
        }

        var targets = found.ToList();
        writer.WriteStartObject(field.Name);
        writer.WriteNumber("total_count", targets.Count);
        writer.WriteStartArray("data");
        foreach (var (id, target) in targets)
        {
            WriteTarget(writer, id, target!);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter writer, long id, PageTarget target)
    {
        writer.WriteStartObject();
        writer.WriteString("type", target.Type);
        writer.WriteString("id", OctaneJson.Id(id));
        writer.WriteString("name", target.Name);
        if (target.LogicalName is not null)
        {
            writer.WriteString("logical_name", target.LogicalName);
        }

        writer.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter writer, string name, long id, Span<char> buffer)
    {
        id.TryFormat(buffer, out var written, provider: CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer[..written]);
    }
}
