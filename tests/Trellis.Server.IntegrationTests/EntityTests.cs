using System.Net;
using System.Text.Json.Nodes;
using Trellis.Application.Auth;

namespace Trellis.Server.IntegrationTests;

/// <summary>The workspace's entity collections (docs/reference/rest.md#urls-and-parameters, docs/reference/rest.md#responses-and-writes, docs/reference/rest.md#errors).</summary>
public abstract class EntityTests(TrellisApplication app)
{
    private const string Defects = TrellisApplication.Base + "/defects";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AListHasOctanesCollectionShapeWithStringIdsTypeAndSubtype()
    {
        using var client = await app.SignedInAsync();
        var list = await client.GetObjectAsync(Defects);
        Assert.True(list["total_count"]!.GetValue<int>() >= 1);
        Assert.False(list["exceeds_total_count"]!.GetValue<bool>());
        Assert.All(list.Data(), d =>
        {
            Assert.Equal("defect", d.Text("type"));
            Assert.Equal("defect", d.Text("subtype"));
            Assert.Matches("^[0-9]+$", d.Text("id"));
        });
        var items = await client.GetObjectAsync(TrellisApplication.Base + "/work_items/");
        Assert.All(items.Data(), i => Assert.Equal("work_item", i.Text("type")));
        Assert.Contains(items.Data(), i => i.Text("subtype") == "story");
    }

    [Fact]
    public async Task WithoutFieldsEverythingButMemoAndMultiReferenceFieldsComesBack()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.GetObjectAsync(Defects)).Data()[0]!.AsObject();
        foreach (var name in new[] { "name", "subtype", "phase", "severity", "parent", "creation_time", "version_stamp" })
        {
            Assert.True(defect.ContainsKey(name), name);
        }

        foreach (var name in new[] { "description", "environment", "product_areas", "comments" })
        {
            Assert.False(defect.ContainsKey(name), name);
        }
    }

    [Fact]
    public async Task FieldsSelectsAndNestsReferenceFields()
    {
        using var client = await app.SignedInAsync();
        var list = await client.GetObjectAsync(Defects + "?fields=name,owner{email},phase,environment,creation_time&order_by=id");
        var defect = list.Data()[0]!.AsObject();
        Assert.Equal(["type", "id", "subtype", "name", "owner", "phase", "environment", "creation_time"], defect.Select(p => p.Key));
        var owner = defect["owner"]!.AsObject();
        Assert.Equal("workspace_user", owner.Text("type"));
        Assert.Contains("@", owner.Text("email"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(owner.Text("name")));
        Assert.StartsWith("phase.defect.", defect["phase"].Text("logical_name"), StringComparison.Ordinal);
        var environment = defect["environment"]!.AsObject();
        Assert.Equal(1, environment["total_count"]!.GetValue<int>());
        Assert.Equal("list_node", environment["data"]![0].Text("type"));
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", defect.Text("creation_time"));

        var nested = await client.GetObjectAsync(TrellisApplication.Base + "/stories?fields=parent{name,parent{name}}&limit=1");
        var parent = nested.Data()[0]!["parent"]!;
        Assert.Equal("feature", parent.Text("type"));
        Assert.Equal("epic", parent["parent"].Text("type"));
    }

    [Fact]
    public async Task LimitOffsetAndOrderByPageThroughACollection()
    {
        using var client = await app.SignedInAsync();
        var all = await client.GetObjectAsync(Defects + "?order_by=-id&fields=name");
        var ids = all.Data().Select(d => long.Parse(d.Text("id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var page = await client.GetObjectAsync(Defects + "?order_by=-id&fields=name&limit=2&offset=1");
        Assert.Equal(all["total_count"]!.GetValue<int>(), page["total_count"]!.GetValue<int>());
        Assert.Equal(ids.Skip(1).Take(2), page.Data().Select(d => long.Parse(d.Text("id")!, System.Globalization.CultureInfo.InvariantCulture)));

        var bySeverity = await client.GetObjectAsync(Defects + "?order_by=severity,-name&fields=severity,name");
        var names = bySeverity.Data().Select(d => d!["severity"].Text("name")!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var byName = await client.GetObjectAsync(Defects + "?order_by=name&fields=name");
        var texts = byName.Data().Select(d => d.Text("name")!).ToList();
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
    }

    public static TheoryData<string> BadLimits => ["0", "5001", "-1", "ten"];

    [Theory]
    [MemberData(nameof(BadLimits))]
    public async Task ALimitOutside1To5000Gets400InvalidLimit(string limit)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Defects}?limit={limit}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.invalid_limit");
    }

    [Fact]
    public async Task UnknownCollectionsAndFieldsAreRefused()
    {
        using var client = await app.SignedInAsync();
        using var collection = await client.GetAsync(TrellisApplication.Base + "/gadgets", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(collection, HttpStatusCode.NotFound, "platform.unknown_entity_type");
        using var field = await client.GetAsync(Defects + "?fields=name,no_such_field", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(field, HttpStatusCode.BadRequest, "platform.unknown_field");
        using var order = await client.GetAsync(Defects + "?order_by=no_such_field", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(order, HttpStatusCode.BadRequest, "platform.unknown_field");
        using var braces = await client.GetAsync(Defects + "?fields=owner{name", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(braces, HttpStatusCode.BadRequest, "platform.unknown_field");
    }

    [Fact]
    public async Task GetOneReturnsTheBareEntityAndAnUnknownIdGets404()
    {
        using var client = await app.SignedInAsync();
        var id = (await client.GetObjectAsync(Defects + "?limit=1")).Data()[0].Text("id");
        var defect = await client.GetObjectAsync($"{Defects}/{id}?fields=name");
        Assert.Equal(id, defect.Text("id"));
        Assert.Equal("defect", defect.Text("type"));
        Assert.False(defect.ContainsKey("data"));

        var storyId = (await client.GetObjectAsync(TrellisApplication.Base + "/stories?limit=1")).Data()[0].Text("id");
        using var wrongType = await client.GetAsync($"{Defects}/{storyId}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(wrongType, HttpStatusCode.NotFound, "platform.entity_not_found");
        using var missing = await client.GetAsync($"{Defects}/999999", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(missing, HttpStatusCode.NotFound, "platform.entity_not_found");
    }

    [Fact]
    public async Task ADefectWithOnlyANameGetsTheTrellisDefaults()
    {
        using var client = await app.SignedInAsync();
        var created = await CreateAsync(client, Defects, """{"data":[{"name":"Only a name","description":"<p>Hi</p>"}]}""");
        var defect = Assert.Single(created.Data())!;
        Assert.Equal("phase.defect.new", defect["phase"].Text("logical_name"));
        Assert.Equal("list_node.severity.medium", defect["severity"].Text("logical_name"));
        Assert.Equal("work_item_root", defect["parent"].Text("type"));
        Assert.Equal(TrellisApplication.AdminLogin, defect["author"].Text("name"));
        Assert.Equal(1, defect["version_stamp"]!.GetValue<int>());
        Assert.Equal(OctaneDate(app.Time.GetUtcNow()), defect.Text("creation_time"));
        var read = await client.GetObjectAsync($"{Defects}/{defect.Text("id")}?fields=description");
        Assert.Equal("<p>Hi</p>", read.Text("description"));
    }

    [Fact]
    public async Task ABulkCreateAnswersInInputOrderHonouringFields()
    {
        using var client = await app.SignedInAsync();
        var created = await CreateAsync(client, Defects + "?fields=name",
            """{"data":[{"name":"Bulk A"},{"name":"Bulk B"},{"name":"Bulk C","phase":{"type":"phase","id":"phase.defect.opened"},"severity":{"type":"list_node","id":"list_node.severity.high"}}]}""");
        Assert.Equal(3, created["total_count"]!.GetValue<int>());
        Assert.Equal(["Bulk A", "Bulk B", "Bulk C"], created.Data().Select(d => d.Text("name")));
        Assert.All(created.Data(), d => Assert.Equal(["type", "id", "subtype", "name"], d!.AsObject().Select(p => p.Key)));
        var third = await client.GetObjectAsync($"{Defects}/{created.Data()[2].Text("id")}?fields=phase,severity");
        Assert.Equal("phase.defect.opened", third["phase"].Text("logical_name"));
        Assert.Equal("list_node.severity.high", third["severity"].Text("logical_name"));
    }

    [Fact]
    public async Task APartiallyFailedBatchGets409WithTheSuccessesAndIndexedErrors()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.PostAsync(Defects, new StringContent("""{"data":[{"name":"Good"},{"name":"Bad","nope":1}]}"""), Cancel);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal(1, body["total_count"]!.GetValue<int>());
        Assert.Equal("Good", body.Data()[0].Text("name"));
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal("platform.unknown_field", error.Text("error_code"));
        Assert.Equal(1, error["entity_index"]!.GetValue<int>());
        Assert.Equal("1", error["properties"].Text("entity_index"));
    }

    public static TheoryData<string, string> BadValues => new()
    {
        { """{"data":[{"name":"x","phase":{"type":"phase","id":"phase.story.new"}}]}""", "platform.illegal_field_value" },
        { """{"data":[{"name":"x","release":{"type":"release","id":"999999"}}]}""", "platform.illegal_field_value" },
        { """{"data":[{"name":"x","story_points":"many"}]}""", "platform.illegal_field_value" },
        { """{"data":[{"name":"x","fixed_on":"yesterday"}]}""", "platform.illegal_field_value" },
        { """{"data":[{"description":"no name"}]}""", "platform.missing_required_field" },
        { """{"data":[{"name":"x","no_such_field":1}]}""", "platform.unknown_field" },
        { """not json""", "platform.illegal_field_value" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task InvalidInputGets400WithItsCode(string body, string code)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.PostAsync(Defects, new StringContent(body), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task CreatingThroughWorkItemsNeedsASubtype()
    {
        using var client = await app.SignedInAsync();
        using var missing = await client.PostAsync(TrellisApplication.Base + "/work_items", new StringContent("""{"data":[{"name":"No subtype"}]}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(missing, HttpStatusCode.BadRequest, "platform.missing_required_field");
        var created = await CreateAsync(client, TrellisApplication.Base + "/work_items", """{"data":[{"name":"A story","subtype":"story"}]}""");
        var item = created.Data()[0]!;
        Assert.Equal("work_item", item.Text("type"));
        Assert.Equal("story", item.Text("subtype"));
        Assert.Equal("phase.story.new", item["phase"].Text("logical_name"));

        var run = (await CreateAsync(client, TrellisApplication.Base + "/pipeline_runs", """{"data":[{"name":"main-build #200"}]}""")).Data()[0]!;
        Assert.Equal("pipeline_run", run.Text("subtype"));
    }

    [Fact]
    public async Task UpdatingOneReturnsTheBareEntityWithTheNextVersionStamp()
    {
        using var client = await app.SignedInAsync();
        var id = (await CreateAsync(client, Defects, """{"data":[{"name":"Before"}]}""")).Data()[0].Text("id");
        app.Time.Advance(TimeSpan.FromMinutes(5));
        using var response = await client.PutAsync($"{Defects}/{id}", new StringContent($$$"""{"id":"{{{id}}}","type":"defect","name":"After","story_points":3,"owner":{"type":"workspace_user","id":"1"}}"""), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var defect = await response.ReadObjectAsync();
        Assert.Equal("After", defect.Text("name"));
        Assert.Equal(2, defect["version_stamp"]!.GetValue<int>());
        Assert.Equal(3, defect["story_points"]!.GetValue<int>());
        Assert.Equal(OctaneDate(app.Time.GetUtcNow()), defect.Text("last_modified"));
        Assert.NotEqual(defect.Text("creation_time"), defect.Text("last_modified"));
    }

    public static TheoryData<string> NonEditableWrites => new()
    {
        """{"version_stamp":7}""",
        """{"creation_time":"2020-01-01T00:00:00Z"}""",
        """{"id":"1"}""",
        """{"last_modified":"2020-01-01T00:00:00Z"}""",
        """{"subtype":"story"}""",
    };

    [Theory]
    [MemberData(nameof(NonEditableWrites))]
    public async Task WritingAReadOnlyFieldGets403ModifyNonEditableField(string body)
    {
        using var client = await app.SignedInAsync();
        var id = (await CreateAsync(client, Defects, """{"data":[{"name":"Guarded"}]}""")).Data()[0].Text("id");
        using var response = await client.PutAsync($"{Defects}/{id}", new StringContent(body), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.Forbidden, "platform.modify_non_editable_field");
    }

    [Fact]
    public async Task UpdatingManyChangesEachListedEntity()
    {
        using var client = await app.SignedInAsync();
        var ids = (await CreateAsync(client, Defects, """{"data":[{"name":"One"},{"name":"Two"}]}""")).Data().Select(d => d.Text("id")).ToList();
        using var response = await client.PutAsync(Defects + "?fields=name,phase",
            new StringContent($$$"""{"data":[{"id":"{{{ids[0]}}}","name":"One!"},{"id":{{{ids[1]}}},"phase":{"type":"phase","id":"phase.defect.closed"}}]}"""), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal(2, body["total_count"]!.GetValue<int>());
        Assert.Equal("One!", body.Data()[0].Text("name"));
        Assert.Equal("phase.defect.closed", body.Data()[1]!["phase"].Text("logical_name"));
    }

    [Fact]
    public async Task DeletingOneAnswers200WithAnEmptyBody()
    {
        using var client = await app.SignedInAsync();
        var id = (await CreateAsync(client, Defects, """{"data":[{"name":"Doomed"}]}""")).Data()[0].Text("id");
        using var response = await client.DeleteAsync($"{Defects}/{id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancel));
        using var gone = await client.GetAsync($"{Defects}/{id}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(gone, HttpStatusCode.NotFound, "platform.entity_not_found");
    }

    [Fact]
    public async Task DeletingFromACollectionNeedsAQuery()
    {
        using var client = await app.SignedInAsync();
        using var delete = await client.DeleteAsync(Defects, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(delete, HttpStatusCode.BadRequest, "platform.missing_query");
    }

    [Fact]
    public async Task TextSearchMatchesNameOrDescriptionIgnoringCase()
    {
        using var client = await app.SignedInAsync();
        await CreateAsync(client, Defects, """{"data":[{"name":"Plain title","description":"<p>The Zebra crossing fails</p>"},{"name":"ZEBRA in the name"},{"name":"Unrelated"}]}""");
        var search = Uri.EscapeDataString("""{"type":"global","text":"zebra"}""");
        var hits = await client.GetObjectAsync($"{Defects}?fields=name&order_by=id&text_search={search}");
        Assert.Equal(["Plain title", "ZEBRA in the name"], hits.Data().Select(d => d.Text("name")));
        Assert.Equal(2, hits["total_count"]!.GetValue<int>());
        Assert.Equal("<p>The Zebra crossing fails</p>", hits.Data()[0]!["global_text_search_result"].Text("description"));
        Assert.Equal("ZEBRA in the name", hits.Data()[1]!["global_text_search_result"].Text("name"));

        var wildcard = Uri.EscapeDataString("""{"type":"global","text":"z%a"}""");
        Assert.Empty((await client.GetObjectAsync($"{Defects}?text_search={wildcard}")).Data());
        using var bad = await client.GetAsync($"{Defects}?text_search=zebra", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(bad, HttpStatusCode.BadRequest, "platform.query_syntax_error");
    }

    [Fact]
    public async Task EntityMetadataDescribesCollectionsAndSubtypes()
    {
        using var client = await app.SignedInAsync();
        var metadata = await client.GetObjectAsync(TrellisApplication.Base + "/metadata/entities");
        var defect = Assert.Single(metadata.Data(), e => e.Text("name") == "defect")!;
        Assert.Equal("entity_metadata", defect.Text("type"));
        var features = defect["features"]!.AsArray();
        Assert.Contains(features, f => f.Text("name") == "rest" && f.Text("url") == "defects");
        Assert.Contains(features, f => f.Text("name") == "subtype_of" && f.Text("type") == "work_item");
    }

    [Fact]
    public async Task WorkspaceUsersListTheWorkspacesPeople()
    {
        using var client = await app.SignedInAsync();
        var users = await client.GetObjectAsync(TrellisApplication.Base + "/workspace_users?fields=name,email&order_by=name");
        Assert.Contains(users.Data(), u => u.Text("name") == TrellisApplication.AdminLogin && u.Text("type") == "workspace_user");
    }

    [Fact]
    public async Task AViewerCanReadButNotWriteAndReadOnlyCollectionsRefuseWrites()
    {
        using var member = await app.CreateClientAsync(Roles.Member);
        await CreateAsync(member, Defects, """{"data":[{"name":"By a member"}]}""");
        using var viewer = await app.CreateClientAsync(Roles.Viewer);
        using var read = await viewer.GetAsync(Defects, Cancel);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var write = await viewer.PostAsync(Defects, new StringContent("""{"data":[{"name":"Nope"}]}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(write, HttpStatusCode.Forbidden, "platform.forbidden");

        using var admin = await app.SignedInAsync();
        using var phase = await admin.PostAsync(TrellisApplication.Base + "/phases", new StringContent("""{"data":[{"name":"New phase"}]}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(phase, HttpStatusCode.Forbidden, "platform.forbidden");
        using var unknownWorkspace = await admin.GetAsync("/api/shared_spaces/1001/workspaces/9999/defects", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknownWorkspace, HttpStatusCode.NotFound, "platform.entity_not_found");
        // The workspace was just read through its own space; under another space it still does not exist.
        using var otherSpace = await admin.GetAsync("/api/shared_spaces/9999/workspaces/1002/defects", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(otherSpace, HttpStatusCode.NotFound, "platform.entity_not_found");
    }

    private static async Task<JsonObject> CreateAsync(HttpClient client, string url, string body)
    {
        using var response = await client.PostAsync(url, new StringContent(body), Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string OctaneDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteEntityTests(SqliteApplication app) : EntityTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresEntityTests(PostgresApplication app) : EntityTests(app), IClassFixture<PostgresApplication>;
