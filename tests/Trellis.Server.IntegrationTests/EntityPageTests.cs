using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Trellis.Application.Entities;
using Trellis.Data.Sql;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The list path that writes a page straight from the data reader (<see cref="EntityReader.ReadPageAsync"/>) must write
/// exactly the bytes the general renderer's JSON gives for the same page: every field type a grid or an SDK asks for
/// (text, numbers, flags, dates, references to entities and users, missing and dangling references, multi-references,
/// list nodes and phases with their logical names, subtype and type, and user-defined fields), in any selection and order.
/// </summary>
public abstract class EntityPageTests(TrellisApplication app)
{
    private const long Workspace = 1002;

    /// <summary>User-defined fields, kept in the JSON <c>fields</c> like built-in ones; the reader is given them in its schema.</summary>
    private static readonly ImmutableArray<FieldInfo> Udfs =
    [
        Udf("region_udf", FieldTypes.String),
        Udf("score_udf", FieldTypes.Float),
        Udf("count_udf", FieldTypes.Integer),
        Udf("approved_udf", FieldTypes.Boolean),
        Udf("due_udf", FieldTypes.Date),
        Udf("reviewer_udf", FieldTypes.Reference, targets: ["workspace_user"]),
        Udf("related_udf", FieldTypes.Reference, multiple: true, targets: ["feature", "defect"]),
        Udf("blocker_udf", FieldTypes.Reference, targets: ["defect"]),
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Every collection stored in the entities table.</summary>
    private static readonly string[] Collections =
        [.. BuiltInSchema.ByCollection.Values.Where(t => t.Storage == EntityStorage.Entities).Select(t => t.Collection).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task ReadPageAsync_RandomSelections_WritesTheGeneralRenderersBytes()
    {
        app.SkipUnlessAvailable();
        await AddUdfValuesAsync();
        var options = app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var sample = Gen.Select(Gen.Int[0, Collections.Length - 1], Gen.Int[0, int.MaxValue].Array[0, 12], Gen.Int[0, int.MaxValue], Gen.Int[1, 40], Gen.Int[0, 4], Gen.Bool);

        await sample.SampleAsync(async (collection, picks, orderPick, limit, offset, filtered) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Trellis.Data.TrellisDbContext>();
            var dialect = scope.ServiceProvider.GetRequiredService<ISqlDialect>();
            var workspace = await app.Services.GetRequiredService<SchemaCache>().GetAsync(db, Workspace, Cancel);
            var builtIn = workspace.ForCollection(Collections[collection])!;
            var schema = new EntitySchema(builtIn.Type, [.. builtIn.Fields, .. Udfs]);

            // Any names of the type (attachments and inverse references have their own path), or none for the default fields.
            var names = schema.Fields.Select(f => f.Name).Where(n => n is not ("attachments" or "has_attachments") && InverseReference.Of(schema, n) is null)
                .Append("id").Append("type").ToList();
            var fieldsText = string.Join(",", picks.Select(p => names[p % names.Count]).Distinct());
            FieldSelection? selection = null;
            Assert.True(fieldsText.Length == 0 || FieldSelection.TryParse(fieldsText, out selection, out _));
            var sortable = schema.Fields.Where(f => !f.Multiple && f.FieldType != FieldTypes.Memo).Select(f => f.Name).Append("id").ToList();
            var orderBy = new List<(string, bool)>();
            if (orderPick % 3 != 0)
            {
                orderBy.Add((sortable[orderPick % sortable.Count], orderPick % 2 == 0));
            }

            var parameters = new ListParameters(limit, offset, orderBy);
            var (filter, queryError) = filtered
                ? QueryCompiler.Compile("\"id>1\"", workspace, schema, dialect, new QueryContext(Workspace, 1, app.Time.GetUtcNow()))
                : (null, null);
            Assert.Null(queryError);
            // Attachments (among some types' default fields) are read through the general renderer.
            var defaults = schema.Fields.Where(f => f.ReturnedByDefault).Select(f => f.Name);
            var attachments = selection is null && defaults.Any(n => n is "attachments" or "has_attachments");
            Assert.Equal(!attachments, EntityReader.CanReadPage(schema, selection, filter));
            if (attachments)
            {
                return;
            }

            var reader = new EntityReader(db, dialect, workspace, Workspace);
            var (total, rows, listError) = await reader.ListAsync(schema, selection, parameters, filter, Cancel);
            Assert.Null(listError);
            var expected = JsonSerializer.Serialize(OctaneJson.Collection(total, rows!), options);

            var (page, pageError) = await reader.ReadPageAsync(schema, selection, parameters, filter, Cancel);
            Assert.Null(pageError);
            var buffer = new ArrayBufferWriter<byte>();
            using (page)
            {
                await using var writer = new Utf8JsonWriter(buffer, EntityPage.WriterOptions(options));
                page!.WriteTo(writer);
            }

            Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
        }, iter: 60, threads: 1, print: t => $"{Collections[t.Item1]} fields={string.Join(",", t.Item2)} order={t.Item3} limit={t.Item4} offset={t.Item5} filtered={t.Item6}");
    }

    [Fact]
    public async Task ReadPageAsync_EveryFieldOfTheDefectsWithUdfs_WritesTheGeneralRenderersBytes()
    {
        app.SkipUnlessAvailable();
        await AddUdfValuesAsync();
        var options = app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Trellis.Data.TrellisDbContext>();
        var dialect = scope.ServiceProvider.GetRequiredService<ISqlDialect>();
        var workspace = await app.Services.GetRequiredService<SchemaCache>().GetAsync(db, Workspace, Cancel);
        var builtIn = workspace.ForCollection("defects")!;
        var schema = new EntitySchema(builtIn.Type, [.. builtIn.Fields, .. Udfs]);
        // Attachments and inverse references are read through the general renderer only.
        var all = string.Join(",", schema.Fields.Select(f => f.Name).Where(n => n is not ("attachments" or "has_attachments") && InverseReference.Of(schema, n) is null));
        Assert.True(FieldSelection.TryParse("type,subtype," + all, out var selection, out _));
        var parameters = new ListParameters(5000, 0, [("severity", true)]);
        var reader = new EntityReader(db, dialect, workspace, Workspace);

        var (total, rows, _) = await reader.ListAsync(schema, selection, parameters, null, Cancel);
        var (page, _) = await reader.ReadPageAsync(schema, selection, parameters, null, Cancel);
        var buffer = new ArrayBufferWriter<byte>();
        using (page)
        {
            await using var writer = new Utf8JsonWriter(buffer, EntityPage.WriterOptions(options));
            page!.WriteTo(writer);
        }

        var written = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Equal(JsonSerializer.Serialize(OctaneJson.Collection(total, rows!), options), written);
        // The sample covers what it claims: user-defined values, a user reference, a multi-reference, a list node.
        var items = JsonNode.Parse(written)!["data"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Contains(items, i => i["region_udf"]?.GetValue<string>() == "Zürich <North> & \"East\"");
        Assert.Contains(items, i => i["reviewer_udf"]?["type"]?.GetValue<string>() == "workspace_user");
        Assert.Contains(items, i => i["related_udf"]?["total_count"]?.GetValue<int>() == 3);
        Assert.Contains(items, i => i["blocker_udf"] is null && i.ContainsKey("blocker_udf"));
        Assert.Contains(items, i => i["severity"]?["logical_name"]?.GetValue<string>()?.StartsWith("list_node.", StringComparison.Ordinal) == true);
        Assert.Contains(items, i => i["approved_udf"]?.GetValue<bool>() == false);
    }

    [Fact]
    public async Task ListDefects_PlainSelection_EachItemIsWhatGettingItGives()
    {
        using var client = await app.SignedInAsync();
        const string fields = "id,name,subtype,phase,severity,owner,parent,release,creation_time,last_modified,version_stamp,description";
        var list = await client.GetObjectAsync($"{TrellisApplication.Base}/defects?fields={fields}&order_by=-name&limit=50");

        Assert.NotEmpty(list.Data());
        Assert.True(list["total_count"]!.GetValue<int>() >= list.Data().Count);
        Assert.False(list["exceeds_total_count"]!.GetValue<bool>());
        foreach (var item in list.Data())
        {
            var one = await client.GetObjectAsync($"{TrellisApplication.Base}/defects/{item.Text("id")}?fields={fields}");
            Assert.Equal(one.ToJsonString(), item!.ToJsonString());
        }
    }

    [Fact]
    public async Task ListDefects_PlainSelection_AnswersJson()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{TrellisApplication.Base}/defects?fields=id,name&limit=3", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var body = await response.ReadObjectAsync();
        Assert.Equal(3, body.Data().Count);
        Assert.All(body.Data(), item => Assert.Equal(["type", "id", "subtype", "name"], item!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task ListDefects_PageLargerThanOneFlush_IsTheGeneralRenderersBytes()
    {
        using var client = await app.SignedInAsync();
        // Enough long-named defects that the answer is sent in several pieces.
        var padding = new string('x', 200);
        var batch = new JsonObject { ["data"] = new JsonArray([.. Enumerable.Range(0, 300).Select(i => (JsonNode)new JsonObject { ["name"] = $"Bulk defect {i} é {padding}" })]) };
        using (var created = await client.PostAsync($"{TrellisApplication.Base}/defects", new StringContent(batch.ToJsonString()), Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        const string fields = "id,name,phase,severity,owner,product_areas,creation_time";
        using var response = await client.GetAsync($"{TrellisApplication.Base}/defects?fields={fields}&order_by=-id&limit=5000", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        var expected = await app.WithDbAsync(async db =>
        {
            var dialect = app.Services.GetRequiredService<ISqlDialect>();
            var workspace = await app.Services.GetRequiredService<SchemaCache>().GetAsync(db, Workspace, Cancel);
            Assert.True(FieldSelection.TryParse(fields, out var selection, out _));
            var (total, rows, _) = await new EntityReader(db, dialect, workspace, Workspace)
                .ListAsync(workspace.ForCollection("defects")!, selection, new ListParameters(5000, 0, [("id", true)]), null, Cancel);
            return JsonSerializer.Serialize(OctaneJson.Collection(total, rows!), app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions);
        });
        Assert.True(body.Length > 64 * 1024, $"{body.Length} characters");
        Assert.Equal(expected, body);
    }

    /// <summary>Gives the defects values for the user-defined fields (every kind, odd ones too), once per database.</summary>
    private Task AddUdfValuesAsync() => app.WithDbAsync(async db =>
    {
        var defects = await db.Entities.Where(e => e.WorkspaceId == Workspace && e.Subtype == "defect").OrderBy(e => e.Id).ToListAsync(Cancel);
        var features = await db.Entities.Where(e => e.WorkspaceId == Workspace && e.Subtype == "feature").OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(Cancel);
        var user = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(Cancel);
        if (defects.Count == 0 || JsonNode.Parse(defects[0].Fields)!.AsObject().ContainsKey("region_udf"))
        {
            return 0;
        }

        for (var i = 0; i < defects.Count; i++)
        {
            var fields = JsonNode.Parse(defects[i].Fields)!.AsObject();
            var text = (i % 4) switch
            {
                0 => """{"region_udf":"Zürich <North> & \"East\"","score_udf":2.50,"count_udf":7,"approved_udf":true,"due_udf":"2026-03-01T00:00:00Z"}""",
                1 => """{"region_udf":null,"score_udf":-1e3,"approved_udf":null,"due_udf":null,"blocker_udf":999999999}""",
                2 => """{"region_udf":"","count_udf":0,"approved_udf":false,"blocker_udf":"0"}""",
                _ => "{}",
            };
            foreach (var (key, value) in JsonNode.Parse(text)!.AsObject())
            {
                fields[key] = value?.DeepClone();
            }

            fields["reviewer_udf"] = i % 3 == 0 ? user : i % 3 == 1 ? user.ToString(CultureInfo.InvariantCulture) : null;
            // Two live ids, one dangling, and a reference to a defect among the features.
            fields["related_udf"] = i % 2 == 0
                ? new JsonArray(features[0], features[^1].ToString(CultureInfo.InvariantCulture), 999999998, defects[0].Id)
                : new JsonArray(features[0], 999999998);
            if (i % 5 == 4)
            {
                fields["blocker_udf"] = defects[0].Id;
            }

            defects[i].Fields = fields.ToJsonString();
        }

        return await db.SaveChangesAsync(Cancel);
    });

    private static FieldInfo Udf(string name, string type, bool multiple = false, ImmutableArray<string> targets = default) =>
        new(name, type, multiple, targets.IsDefault ? [] : targets, Editable: true, Required: false, Sortable: true, ReturnedByDefault: false, Column: null, MaxLength: null, Label: name);
}

public sealed class SqliteEntityPageTests(SqliteApplication app) : EntityPageTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresEntityPageTests(PostgresApplication app) : EntityPageTests(app), IClassFixture<PostgresApplication>;
