using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Trellis.Application.Errors;

namespace Trellis.Application.Entities;

/// <summary>
/// The list path of plain selections: the page's columns read straight from the data reader, written as Octane's JSON
/// by <see cref="EntityPage"/> without entities or JSON trees, in the same shapes and order as <see cref="RenderAsync"/>.
/// </summary>
internal sealed partial class EntityReader
{
    /// <summary>The <c>entities</c> columns a field may name; anything else reads as <see langword="null"/>, as in <see cref="ColumnValue"/>.</summary>
    private static readonly HashSet<string> KnownColumns = new(StringComparer.Ordinal)
    {
        "id", "name", "logical_name", "subtype", "version_stamp", "creation_time", "last_modified",
    };

    /// <summary>
    /// Whether <see cref="ReadPageAsync"/> answers the list: <c>entities</c> rows, no text search (its hits carry what
    /// matched), no sub-selection (<c>owner{email}</c>), no attachments and no inverse references; everything else goes through <see cref="ListAsync"/>.
    /// </summary>
    public static bool CanReadPage(EntitySchema schema, FieldSelection? selection, EntityFilter? filter) =>
        schema.Type.Storage == EntityStorage.Entities
        && filter is not { IsTextSearch: true }
        && (selection is null || selection.Items.Values.All(sub => sub is null))
        && !(schema.ByName.ContainsKey("attachments") && Names(schema, selection).Any(n => n is "attachments" or "has_attachments"))
        && !InverseReference.Among(schema, Names(schema, selection)).Any();

    /// <summary>A page of a collection, sorted, with the count of all matches, ready to be written as JSON.</summary>
    public async Task<(EntityPage? Page, OctaneError? Error)> ReadPageAsync(
        EntitySchema schema, FieldSelection? selection, ListParameters parameters, EntityFilter? filter, CancellationToken cancellationToken)
    {
        var (plan, planError) = PlanPage(schema, parameters, filter);
        if (plan is null)
        {
            return (null, planError);
        }

        // What each selected name reads, in the order the general renderer writes them.
        var outputs = new List<PageField>();
        var columns = new List<string> { "id" };
        if (schema.Type.HasSubtype)
        {
            columns.Add("subtype");
        }

        var readsFields = false;
        foreach (var name in Names(schema, selection))
        {
            if (name is "id" or "type" or "subtype" || !schema.ByName.TryGetValue(name, out var info))
            {
                continue;
            }

            if (info.Column is { } column)
            {
                var known = KnownColumns.Contains(column);
                if (known && !columns.Contains(column))
                {
                    columns.Add(column);
                }

                outputs.Add(new PageField(name, info, known ? columns.IndexOf(column) : -1));
            }
            else
            {
                readsFields = true;
                outputs.Add(new PageField(name, info, -1));
            }
        }

        var fieldsOrdinal = readsFields ? columns.Count : -1;
        var select = string.Join(", ", columns.Select(c => "e." + c)) + (readsFields ? ", e.fields" : "");
        // One connection for the count, the page and the references, instead of opening one for each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadOpenedAsync(schema, plan, filter, select, columns, fieldsOrdinal, outputs, parameters, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<(EntityPage? Page, OctaneError? Error)> ReadOpenedAsync(EntitySchema schema, PagePlan plan, EntityFilter? filter, string select,
        List<string> columns, int fieldsOrdinal, List<PageField> outputs, ListParameters parameters, CancellationToken cancellationToken)
    {
        var (total, sql, arguments) = await CountAsync(plan, filter, select, parameters, cancellationToken);

        var rows = new List<PageRow>(Math.Min(parameters.Limit, Math.Max(total - parameters.Offset, 0)));
        var page = new EntityPage(schema.Name, schema.Type.HasSubtype, total, outputs, rows);
        try
        {
            await using (var reader = await ReaderAsync(sql, arguments, cancellationToken))
            {
                var data = reader.DbDataReader;
                while (await data.ReadAsync(cancellationToken))
                {
                    var values = new object?[columns.Count];
                    for (var i = 1; i < columns.Count; i++)
                    {
                        values[i] = await data.IsDBNullAsync(i, cancellationToken) ? null : columns[i] switch
                        {
                            "version_stamp" => data.GetInt64(i),
                            "creation_time" or "last_modified" => data.GetFieldValue<DateTimeOffset>(i),
                            _ => data.GetString(i),
                        };
                    }

                    // An unreadable or non-object fields value renders as no fields, as the general renderer does.
                    JsonDocument? fields = null;
                    if (fieldsOrdinal >= 0 && !await data.IsDBNullAsync(fieldsOrdinal, cancellationToken))
                    {
                        fields = JsonDocument.Parse(data.GetString(fieldsOrdinal));
                    }

                    rows.Add(new PageRow(data.GetInt64(0), values, fields));
                }
            }

            await ResolveAsync(page, cancellationToken);
            return (page, null);
        }
        catch
        {
            page.Dispose();
            throw;
        }
    }

    /// <summary>Reads the names (and logical names) of every entity and user the page's references name.</summary>
    private async Task ResolveAsync(EntityPage page, CancellationToken cancellationToken)
    {
        var userIds = new HashSet<long>();
        var entityIds = new HashSet<long>();
        foreach (var field in page.Fields.Where(f => f.Info.Column is null && f.Info.IsReference))
        {
            var ids = field.Info.TargetsUsers ? userIds : entityIds;
            foreach (var row in page.Rows)
            {
                ids.UnionWith(EntityPage.StoredIds(row, field.Name));
            }
        }

        if (userIds.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.Login }).ToListAsync(cancellationToken))
            {
                page.Targets[(true, user.Id)] = new PageTarget("workspace_user", user.Login, null);
            }
        }

        if (entityIds.Count > 0)
        {
            var entities = await db.Entities.AsNoTracking().Where(e => entityIds.Contains(e.Id) && e.WorkspaceId == workspaceId)
                .Select(e => new { e.Id, e.Type, e.Subtype, e.Name, e.LogicalName }).ToListAsync(cancellationToken);
            foreach (var entity in entities)
            {
                var logicalName = entity.LogicalName is not null && entity.Type is "phase" or "list_node" or "metaphase" ? entity.LogicalName : null;
                page.Targets[(false, entity.Id)] = new PageTarget(entity.Subtype ?? entity.Type, entity.Name, logicalName);
            }
        }
    }

    /// <summary>Runs a statement written with <c>{0}</c>… placeholders and reads its single value as a count.</summary>
    private async Task<int> ScalarAsync(string sql, IReadOnlyList<object> arguments, CancellationToken cancellationToken)
    {
        var (command, parameters) = Command(sql, arguments);
        var value = await command.ExecuteScalarAsync(parameters, cancellationToken);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query written with <c>{0}</c>… placeholders and hands its reader over (disposing it closes the connection).</summary>
    private Task<RelationalDataReader> ReaderAsync(string sql, IReadOnlyList<object> arguments, CancellationToken cancellationToken)
    {
        var (command, parameters) = Command(sql, arguments);
        return command.ExecuteReaderAsync(parameters, cancellationToken);
    }

    /// <summary>
    /// The command EF Core's raw SQL would run (the same parameter binding, connection handling and logging), without
    /// its query pipeline or materialisation.
    /// </summary>
    private (IRelationalCommand Command, RelationalCommandParameterObject Parameters) Command(string sql, IReadOnlyList<object> arguments)
    {
        var raw = db.GetService<IRawSqlCommandBuilder>().Build(sql, arguments, db.Model);
        return (raw.RelationalCommand, new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), raw.ParameterValues, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery));
    }
}
