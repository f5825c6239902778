using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trellis.Application.Auth;
using Trellis.Application.Errors;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// User-defined (<c>*_udf</c>) fields: a workspace admin adds one, and from then on it is written, read, filtered,
/// sorted and put into launch URLs like a built-in field; bad definitions are refused with where they are wrong.
/// </summary>
public abstract class UserDefinedFieldTests(TrellisApplication app)
{
    private const string Fields = TrellisApplication.Base + "/metadata/fields";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAddedField_IsWrittenReadFilteredAndSorted_OnItsTypeAndItsAggregate()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("risk");
        var added = await AddAsync(admin, new { name, entity_name = "defect", field_type = "integer", label = "Risk" });
        var item = added.Data().Single();
        Assert.Equal(name, item.Text("name"));
        Assert.Equal("defect", item.Text("entity_name"));
        Assert.Equal("Risk", item.Text("label"));
        Assert.True(item!["is_user_defined"]!.GetValue<bool>());
        Assert.True(item["sortable"]!.GetValue<bool>());

        var listed = await admin.GetObjectAsync($"{Fields}?query=\"name EQ '{name}'\"");
        Assert.Equal(["defect", "work_item"], listed.Data().Select(f => f.Text("entity_name")).Order(StringComparer.Ordinal));

        var low = await CreateDefectAsync(admin, new JsonObject { ["name"] = "Low risk", [name] = 1 });
        var high = await CreateDefectAsync(admin, new JsonObject { ["name"] = "High risk", [name] = 5 });

        var filtered = await admin.GetObjectAsync($"{TrellisApplication.Base}/defects?fields=name,{name}&query=\"{name} GE 3\"");
        Assert.Equal([high], filtered.Data().Select(d => d.Text("id")));
        Assert.Equal(5, filtered.Data()[0]![name]!.GetValue<int>());
        var sorted = await admin.GetObjectAsync($"{TrellisApplication.Base}/work_items?fields=name,{name}&query=\"{name} GE 0\"&order_by=-{name}");
        Assert.Equal([high, low], sorted.Data().Select(d => d.Text("id")));
        var byDefault = await admin.GetObjectAsync($"{TrellisApplication.Base}/defects/{low}");
        Assert.Equal(1, byDefault[name]!.GetValue<int>());

        using var wrongType = await admin.PutAsync($"{TrellisApplication.Base}/defects/{low}", Json(new JsonObject { [name] = "very" }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(wrongType, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
    }

    [Fact]
    public async Task AStringField_FillsTheLaunchUrlOfAnAction()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("ticket");
        await AddAsync(admin, new { name, entity_name = "defect", field_type = "string", max_length = 20 });
        var action = $"open_{name}";
        using (var put = await admin.PutAsync("/api/shared_spaces/1001/external-entity-actions", Json(new JsonArray(new JsonObject
        {
            ["name"] = action, ["title"] = "Open ticket", ["entity_type"] = new JsonArray("defect"), ["views"] = new JsonArray("details", "list"),
            ["single_entity"] = true, ["url"] = $"https://tickets.example.com/browse/{{entity.{name}}}",
        })), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var defect = await CreateDefectAsync(admin, new JsonObject { ["name"] = "Reported by a customer", [name] = "SUP-42" });
        using var launch = await admin.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/{action}/launch",
            new { view = "list", entity_type = "defect", entity_ids = new[] { defect } }, Cancel);
        var text = await launch.Content.ReadAsStringAsync(Cancel);
        Assert.True(launch.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("https://tickets.example.com/browse/SUP-42", JsonNode.Parse(text).Text("url"));

        using var tooLong = await admin.PutAsync($"{TrellisApplication.Base}/defects/{defect}", Json(new JsonObject { [name] = new string('x', 21) }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(tooLong, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
    }

    [Fact]
    public async Task AReferenceField_PointsAtItsTargets()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("target_release");
        await AddAsync(admin, new { name, entity_name = "feature", field_type = "reference", field_type_data = new { multiple = false, targets = new[] { new { type = "release" } } } });
        var releases = await admin.GetObjectAsync($"{TrellisApplication.Base}/releases?fields=name&limit=1");
        var release = releases.Data()[0].Text("id")!;
        using var created = await admin.PostAsync($"{TrellisApplication.Base}/features",
            Json(new JsonObject { ["data"] = new JsonArray(new JsonObject { ["name"] = "Planned later", [name] = new JsonObject { ["type"] = "release", ["id"] = release } }) }), Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadObjectAsync()).Data()[0].Text("id");

        var found = await admin.GetObjectAsync($"{TrellisApplication.Base}/features?fields={name}&query=\"{name} EQ {{id EQ {release}}}\"");
        Assert.Contains(id, found.Data().Select(f => f.Text("id")));
        Assert.Equal(release, found.Data().First(f => f.Text("id") == id)![name].Text("id"));
    }

    [Theory]
    [InlineData("""{"data":[{"name":"risk","entity_name":"defect","field_type":"integer"}]}""", "/data/0/name")]
    [InlineData("""{"data":[{"name":"Risk_udf","entity_name":"defect","field_type":"integer"}]}""", "/data/0/name")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"bug","field_type":"integer"}]}""", "/data/0/entity_name")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"phase","field_type":"integer"}]}""", "/data/0/entity_name")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"defect","field_type":"number"}]}""", "/data/0/field_type")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"defect","field_type":"reference"}]}""", "/data/0/field_type_data/targets")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"defect","field_type":"reference","field_type_data":{"targets":[{"type":"nothing"}]}}]}""", "/data/0/field_type_data/targets/0/type")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"defect","field_type":"integer","max_length":10}]}""", "/data/0/max_length")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"defect","field_type":"string","max_length":0}]}""", "/data/0/max_length")]
    [InlineData("""{"data":[{"name":"risk_udf","entity_name":"defect","field_type":"integer","colour":"red"}]}""", "/data/0/colour")]
    [InlineData("""{"data":[{"name":"ok_udf","entity_name":"defect","field_type":"integer"},{"name":"risk_udf","entity_name":"defect","field_type":"integer","required":"yes"}]}""", "/data/1/required")]
    [InlineData("""{"data":[{"name":"twice_udf","entity_name":"defect","field_type":"integer"},{"name":"twice_udf","entity_name":"work_item","field_type":"integer"}]}""", "/data/1/name")]
    public async Task ABadDefinition_IsRefusedWithWhereItIsWrong_AndNothingIsAdded(string body, string pointer)
    {
        using var admin = await app.SignedInAsync();
        var before = (await admin.GetObjectAsync(Fields))["total_count"]!.GetValue<int>();

        using var response = await admin.PostAsync(Fields, new StringContent(body), Cancel);

        var error = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(OctaneErrorCodes.IllegalFieldValue, error.Text("error_code"));
        Assert.Contains($"(at {pointer})", error.Text("description"), StringComparison.Ordinal);
        Assert.Equal(before, (await admin.GetObjectAsync(Fields))["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ABodyThatIsNotJson_IsRefusedWithItsLineAndColumn()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.PostAsync(Fields, new StringContent("{\"data\": [\n  {\"name\": }\n]}"), Cancel);

        var error = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 2", error.Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFieldOfTheSameName_IsAConflict_ButASiblingSubtypeMayShareItsAggregatesField()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("customer");
        await AddAsync(admin, new { name, entity_name = "defect", field_type = "string" });

        using var again = await admin.PostAsJsonAsync(Fields, new { data = new[] { new { name, entity_name = "defect", field_type = "string" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(again, HttpStatusCode.Conflict, OctaneErrorCodes.DuplicateEntity);
        using var otherKind = await admin.PostAsJsonAsync(Fields, new { data = new[] { new { name, entity_name = "story", field_type = "integer" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(otherKind, HttpStatusCode.Conflict, OctaneErrorCodes.DuplicateEntity);

        await AddAsync(admin, new { name, entity_name = "story", field_type = "string" });
        var listed = await admin.GetObjectAsync($"{Fields}?query=\"name EQ '{name}'\"");
        Assert.Equal(["defect", "story", "work_item"], listed.Data().Select(f => f.Text("entity_name")).Order(StringComparer.Ordinal));

        // Removed from defects, the aggregate keeps it for stories; removed from stories too, it is gone.
        using (var first = await admin.DeleteAsync($"{Fields}/{name}?entity_name=defect", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        listed = await admin.GetObjectAsync($"{Fields}?query=\"name EQ '{name}'\"");
        Assert.Equal(["story", "work_item"], listed.Data().Select(f => f.Text("entity_name")).Order(StringComparer.Ordinal));
        using (var second = await admin.DeleteAsync($"{Fields}/{name}?entity_name=story", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Empty((await admin.GetObjectAsync($"{Fields}?query=\"name EQ '{name}'\"")).Data());
    }

    [Fact]
    public async Task ARemovedField_TakesItsValuesAlong_AndBuiltInFieldsStay()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("score");
        await AddAsync(admin, new { name, entity_name = "defect", field_type = "float" });
        var defect = await CreateDefectAsync(admin, new JsonObject { ["name"] = "Scored", [name] = 2.5 });

        using (var removed = await admin.DeleteAsync($"{Fields}/{name}", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        using var unknown = await admin.GetAsync($"{TrellisApplication.Base}/defects?fields={name}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.BadRequest, OctaneErrorCodes.UnknownField);
        await AddAsync(admin, new { name, entity_name = "defect", field_type = "float" });
        var read = await admin.GetObjectAsync($"{TrellisApplication.Base}/defects/{defect}?fields={name}");
        Assert.Null(read[name]);

        using var builtIn = await admin.DeleteAsync($"{Fields}/severity", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(builtIn, HttpStatusCode.BadRequest, OctaneErrorCodes.ModifyNonEditableField);
        using var missing = await admin.DeleteAsync($"{Fields}/{Unique("never")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(missing, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Viewer)]
    public async Task OnlyAWorkspaceAdmin_AddsOrRemovesFields(string role)
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("kept");
        await AddAsync(admin, new { name, entity_name = "defect", field_type = "boolean" });
        using var caller = await app.CreateClientAsync(role);

        using var add = await caller.PostAsJsonAsync(Fields, new { data = new[] { new { name = Unique("sneaky"), entity_name = "defect", field_type = "boolean" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(add, HttpStatusCode.Forbidden, OctaneErrorCodes.Forbidden);
        using var remove = await caller.DeleteAsync($"{Fields}/{name}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(remove, HttpStatusCode.Forbidden, OctaneErrorCodes.Forbidden);
        var listed = await caller.GetObjectAsync($"{Fields}?query=\"name EQ '{name}'\"");
        Assert.Equal(2, listed.Data().Count);
    }

    internal static string Unique(string stem) => $"{stem}_{Guid.NewGuid():N}"[..(stem.Length + 9)] + "_udf";

    internal static async Task<JsonObject> AddAsync(HttpClient admin, object field)
    {
        using var response = await admin.PostAsJsonAsync(Fields, new { data = new[] { field } }, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"adding a field answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<string> CreateDefectAsync(HttpClient client, JsonObject defect)
    {
        using var response = await client.PostAsync($"{TrellisApplication.Base}/defects", Json(new JsonObject { ["data"] = new JsonArray(defect) }), Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a defect answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["data"]![0].Text("id")!;
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}

public sealed class SqliteUserDefinedFieldTests(SqliteApplication app) : UserDefinedFieldTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresUserDefinedFieldTests(PostgresApplication app) : UserDefinedFieldTests(app), IClassFixture<PostgresApplication>;
