using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;
using Trellis.Application.Errors;
using Trellis.Application.SiteParameters;

namespace Trellis.Server.IntegrationTests;

/// <summary>The toolbar, launch and app-settings endpoints (docs/reference/launches.md, docs/reference/messages.md#events).</summary>
public abstract class ActionLaunchTests(TrellisApplication app)
{
    private const string Actions = TrellisApplication.Base + "/external-actions";

    private const string Configuration = """
        [
          {"name":"search","title":"Search","entity_type":["work_item"],"views":["list","details"],"single_entity":true,
           "url":"https://search.example.com/?q={entity.name}&owner={entity.owner.email}"},
          {"name":"note","title":"Note","icon":"plus","entity_type":["defect"],"views":["list","details"],"dialog":"small","events":true,
           "url":"https://notes.example.com/n?ids={entity_ids}&d={dialog_id}"},
          {"name":"insights","title":"Insights","entity_type":["feature"],"views":["list"],
           "url":"https://insights.example.com/p#ids={entity_ids}","mode":{"name":"side_panel","modules":["backlog"]}},
          {"name":"summary","title":"Summary","entity_type":["work_item"],"views":["list"],"mode":{"name":"aviator_chat","prompt":"Summarize."}},
          {"name":"elsewhere","title":"Elsewhere","entity_type":["defect"],"views":["list"],"workspaces":[9999],"url":"https://example.com/"},
          {"name":"mail","title":"Mail","entity_type":["defect"],"views":["list"],"url":"mailto:team@example.com?subject={entity_ids}"}
        ]
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplicableListsTheActionsOfAPlaceByKind()
    {
        using var admin = await ConfiguredAsync();
        var buttons = await admin.GetObjectAsync($"{Actions}/applicable?entity_type=defect&view=details&kind=button");
        Assert.Equal(["search", "note"], buttons.Data().Select(a => a.Text("name")));
        var note = buttons.Data()[1]!;
        Assert.Equal("Note", note.Text("title"));
        Assert.Equal("plus", note.Text("icon"));
        Assert.Equal("Note", note.Text("tooltip"));
        Assert.Equal("button", note.Text("kind"));
        Assert.Equal("small", note.Text("dialog"));
        Assert.True(note["events"]!.GetValue<bool>());
        Assert.False(note["single_entity"]!.GetValue<bool>());
        Assert.True(buttons.Data()[0]!["single_entity"]!.GetValue<bool>());

        var grid = await admin.GetObjectAsync($"{Actions}/applicable?entity_type=work_item&view=list");
        Assert.Equal(["search", "note", "mail"], grid.Data().Select(a => a.Text("name")));
        var panels = await admin.GetObjectAsync($"{Actions}/applicable?entity_type=feature&view=list&module=backlog&kind=side_panel");
        Assert.Equal(["insights"], panels.Data().Select(a => a.Text("name")));
        Assert.Equal(["backlog"], panels.Data()[0]!["modules"]!.AsArray().Select(m => m!.GetValue<string>()));
        var wrongModule = await admin.GetObjectAsync($"{Actions}/applicable?entity_type=feature&view=list&module=quality&kind=side_panel");
        Assert.Empty(wrongModule.Data());
        var chips = await admin.GetObjectAsync($"{Actions}/applicable?entity_type=story&view=list&kind=aviator_chat");
        Assert.Equal(["summary"], chips.Data().Select(a => a.Text("name")));
    }

    [Fact]
    public async Task ApplicableAnswersBadInputWithOctaneErrorsAndHidesOtherWorkspaces()
    {
        using var admin = await ConfiguredAsync();
        using var badView = await admin.GetAsync($"{Actions}/applicable?entity_type=defect&view=grid", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(badView, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
        using var badType = await admin.GetAsync($"{Actions}/applicable?entity_type=widget&view=list", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(badType, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
        using var badKind = await admin.GetAsync($"{Actions}/applicable?entity_type=defect&view=list&kind=menu", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(badKind, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);

        using var outsider = await OutsiderAsync();
        using var hidden = await outsider.GetAsync($"{Actions}/applicable?entity_type=defect&view=list", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(hidden, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var anonymous = app.Anonymous();
        using var unauthenticated = await anonymous.GetAsync($"{Actions}/applicable?entity_type=defect&view=list", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unauthenticated, HttpStatusCode.Unauthorized, OctaneErrorCodes.AuthenticationRequired);
    }

    [Fact]
    public async Task ALaunchExpandsEntityFieldsFromTheWorkspaceEncoded()
    {
        using var admin = await ConfiguredAsync();
        using var member = await app.CreateClientAsync(Roles.Member);
        var id = (await admin.CreateDefectsAsync("Crash & burn / ü?"))[0];
        var ticket = await LaunchAsync(member, "search", new { view = "details", entity_type = "defect", entity_ids = new[] { id } });
        Assert.True(ticket["enabled"]!.GetValue<bool>());
        Assert.Null(ticket["reason"]);
        Assert.Equal("tab", ticket.Text("mode"));
        Assert.True(ticket["noopener"]!.GetValue<bool>());
        Assert.False(ticket["events_allowed"]!.GetValue<bool>());
        Assert.Equal("https://search.example.com", ticket.Text("app_origin"));
        var url = ticket.Text("url")!;
        Assert.StartsWith("https://search.example.com/?q=Crash%20%26%20burn%20%2F%20%C3%BC%3F&owner=", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALaunchIsDisabledWithTheReasonWhenItsRulesFail()
    {
        using var admin = await ConfiguredAsync();
        var first = (await admin.CreateDefectsAsync("One"))[0];
        var second = (await admin.CreateDefectsAsync("Two"))[0];

        var twoForSingle = await LaunchAsync(admin, "search", new { view = "list", entity_type = "defect", entity_ids = new[] { first, second } });
        Assert.False(twoForSingle["enabled"]!.GetValue<bool>());
        Assert.Equal("selection", twoForSingle.Text("reason"));
        Assert.Null(twoForSingle["url"]);

        var otherWorkspace = await LaunchAsync(admin, "elsewhere", new { view = "list", entity_type = "defect", entity_ids = new[] { first } });
        Assert.False(otherWorkspace["enabled"]!.GetValue<bool>());
        Assert.Equal("workspace", otherWorkspace.Text("reason"));

        var wrongView = await LaunchAsync(admin, "insights", new { view = "details", entity_type = "feature", module = "backlog" });
        Assert.Equal("view", wrongView.Text("reason"));

        var parameters = app.Services.GetRequiredService<SiteParameterStore>();
        await parameters.SetAsync(SiteParameterNames.SupportedProtocols, "https,http", 1, Cancel);
        try
        {
            var mail = await LaunchAsync(admin, "mail", new { view = "list", entity_type = "defect", entity_ids = new[] { first } });
            Assert.False(mail["enabled"]!.GetValue<bool>());
            Assert.Equal("protocol", mail.Text("reason"));
        }
        finally
        {
            await parameters.SetAsync(SiteParameterNames.SupportedProtocols, "https,http,mailto", 1, Cancel);
        }

        var allowed = await LaunchAsync(admin, "mail", new { view = "list", entity_type = "defect", entity_ids = new[] { first, second } });
        Assert.True(allowed["enabled"]!.GetValue<bool>());
        Assert.Equal("protocol_handler", allowed.Text("mode"));
        Assert.Equal($"mailto:team@example.com?subject={first},{second}", allowed.Text("url"));
        Assert.Null(allowed["app_origin"]);
    }

    [Fact]
    public async Task DialogsAndPanelsGetAFreshInstanceIdAndTheirEventRights()
    {
        using var admin = await ConfiguredAsync();
        var id = (await admin.CreateDefectsAsync("Dialog me"))[0];
        var dialog = await LaunchAsync(admin, "note", new { view = "list", entity_type = "defect", entity_ids = new[] { id } });
        Assert.Equal("dialog", dialog.Text("mode"));
        Assert.Equal("small", dialog.Text("dialog"));
        Assert.True(dialog["dialog_control_allowed"]!.GetValue<bool>());
        Assert.True(dialog["events_allowed"]!.GetValue<bool>());
        var dialogId = dialog.Text("dialog_id")!;
        Assert.Equal(22, dialogId.Length);
        Assert.Equal($"https://notes.example.com/n?ids={id}&d={dialogId}", dialog.Text("url"));
        var again = await LaunchAsync(admin, "note", new { view = "list", entity_type = "defect", entity_ids = new[] { id } });
        Assert.NotEqual(dialogId, again.Text("dialog_id"));

        var panel = await LaunchAsync(admin, "insights", new { view = "list", entity_type = "feature", module = "backlog" });
        Assert.True(panel["enabled"]!.GetValue<bool>());
        Assert.Equal("side_panel", panel.Text("mode"));
        Assert.NotNull(panel.Text("panel_id"));
        Assert.Null(panel["dialog_id"]);
        Assert.True(panel["events_allowed"]!.GetValue<bool>());

        var chip = await LaunchAsync(admin, "summary", new { view = "list", entity_type = "work_item", entity_ids = new[] { id } });
        Assert.Equal("aviator_chat", chip.Text("mode"));
        Assert.Equal("Summarize.", chip.Text("prompt"));
    }

    [Fact]
    public async Task Launch_AllSelectedWithQuery_UsesTheServersMatchesNotTheClientsIds()
    {
        using var admin = await ConfiguredAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var first = (await admin.CreateDefectsAsync($"Select all {tag} one"))[0];
        var second = (await admin.CreateDefectsAsync($"Select all {tag} two"))[0];
        var other = (await admin.CreateDefectsAsync("Not in the query"))[0];
        var query = $"\"name EQ '*{tag}*'\"";

        var ticket = await LaunchAsync(admin, "note", new { view = "list", entity_type = "defect", entity_ids = new[] { other }, all_selected = true, total_count = 1200, query });
        Assert.True(ticket["enabled"]!.GetValue<bool>());
        Assert.Contains($"ids={first},{second}&", ticket.Text("url"), StringComparison.Ordinal);

        // A single-entity action is enabled only because the server counts exactly one match, whatever the client says.
        var single = await LaunchAsync(admin, "search", new { view = "list", entity_type = "defect", entity_ids = new[] { first, second }, all_selected = true, total_count = 1200, query = $"\"name EQ 'Select all {tag} two'\"" });
        Assert.True(single["enabled"]!.GetValue<bool>(), single.ToJsonString());
        Assert.Contains($"q=Select%20all%20{tag}%20two", single.Text("url"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_AllSelectedWithoutQuery_SendsTheFirst500IdsOfTheCollection()
    {
        using var admin = await ConfiguredAsync();
        await admin.CreateDefectsAsync("One more");
        var all = await admin.GetObjectAsync($"{TrellisApplication.Base}/defects?fields=id&order_by=id&limit=500");
        var expected = all.Data().Select(d => d.Text("id")).ToList();
        var ticket = await LaunchAsync(admin, "note", new { view = "list", entity_type = "defect", all_selected = true });
        var url = ticket.Text("url")!;
        var ids = url[(url.IndexOf("ids=", StringComparison.Ordinal) + 4)..url.IndexOf("&d=", StringComparison.Ordinal)].Split(',');
        Assert.Equal(expected, ids);
        Assert.True(all["total_count"]!.GetValue<int>() >= ids.Length);

        var single = await LaunchAsync(admin, "search", new { view = "list", entity_type = "defect", entity_ids = new[] { expected[0] }, all_selected = true, total_count = 1 });
        Assert.False(single["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Launch_AllSelectedWithABadQuery_IsABadRequest()
    {
        using var admin = await ConfiguredAsync();
        using var response = await admin.PostAsJsonAsync($"{Actions}/note/launch", new { view = "list", entity_type = "defect", all_selected = true, query = "\"name EQ\"" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, OctaneErrorCodes.QuerySyntaxError);
    }

    [Fact]
    public async Task Launch_BodyThatIsNotJson_IsAnOctaneBadRequest()
    {
        using var admin = await ConfiguredAsync();
        using var response = await admin.PostAsync($"{Actions}/note/launch", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
    }

    [Fact]
    public async Task ALaunchNeedsAMemberAKnownActionAndEntitiesOfTheWorkspace()
    {
        using var admin = await ConfiguredAsync();
        using var outsider = await OutsiderAsync();
        using var hidden = await outsider.PostAsJsonAsync($"{Actions}/search/launch", new { view = "list", entity_type = "defect" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(hidden, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var unknown = await admin.PostAsJsonAsync($"{Actions}/nothing_here/launch", new { view = "list", entity_type = "defect" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var badView = await admin.PostAsJsonAsync($"{Actions}/note/launch", new { view = "grid", entity_type = "defect" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(badView, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
        using var missingEntity = await admin.PostAsJsonAsync($"{Actions}/note/launch", new { view = "list", entity_type = "defect", entity_ids = new[] { "987654321" } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(missingEntity, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var anonymous = app.Anonymous();
        using var unauthenticated = await anonymous.PostAsJsonAsync($"{Actions}/note/launch", new { view = "list", entity_type = "defect" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unauthenticated, HttpStatusCode.Unauthorized, OctaneErrorCodes.AuthenticationRequired);
    }

    [Fact]
    public async Task AppSettingsAreKeptPerUserAndContext()
    {
        using var admin = await ConfiguredAsync();
        using var member = await app.CreateClientAsync(Roles.Member);
        var unset = await member.GetObjectAsync($"{Actions}/insights/settings?context=board");
        Assert.Equal("board", unset.Text("context"));
        Assert.Equal("{}", unset["settings"]!.ToJsonString());

        using var put = await member.PutAsync($"{Actions}/insights/settings?context=board", new StringContent("""{"columns":["a","b"],"dense":true}"""), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using var replace = await member.PutAsync($"{Actions}/INSIGHTS/settings?context=board", new StringContent("""{"columns":["c"]}"""), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, replace.StatusCode);
        var read = await member.GetObjectAsync($"{Actions}/insights/settings?context=board");
        Assert.Equal("""{"columns":["c"]}""", read["settings"]!.ToJsonString());
        Assert.Equal("{}", (await member.GetObjectAsync($"{Actions}/insights/settings?context=other"))["settings"]!.ToJsonString());
        Assert.Equal("{}", (await admin.GetObjectAsync($"{Actions}/insights/settings?context=board"))["settings"]!.ToJsonString());

        using var tooLarge = await member.PutAsync($"{Actions}/insights/settings?context=board", new StringContent($$"""{"x":"{{new string('x', 64 * 1024)}}"}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, OctaneErrorCodes.SettingsTooLarge);
        using var longContext = await member.GetAsync($"{Actions}/insights/settings?context={new string('c', 101)}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(longContext, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
        using var notJson = await member.PutAsync($"{Actions}/insights/settings?context=board", new StringContent("{nope"), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(notJson, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
        using var unknownAction = await member.GetAsync($"{Actions}/nothing_here/settings", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknownAction, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var outsider = await OutsiderAsync();
        using var hidden = await outsider.GetAsync($"{Actions}/insights/settings?context=board", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(hidden, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
    }

    private async Task<HttpClient> ConfiguredAsync()
    {
        var admin = await app.SignedInAsync();
        using var response = await ActionConfigurationTests.PutAsync(admin, Configuration, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return admin;
    }

    /// <summary>A user with a role only in another workspace of the space.</summary>
    private async Task<HttpClient> OutsiderAsync()
    {
        var login = $"outsider-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(login, "Outsider-Password-1", Roles.Member);
        await app.WithDbAsync(async db =>
        {
            var user = db.Users.Single(u => u.Login == login);
            var grant = db.RoleAssignments.Single(r => r.UserId == user.Id);
            db.RoleAssignments.Remove(grant);
            return await db.SaveChangesAsync(Cancel);
        });
        return await app.SignedInAsync(login, "Outsider-Password-1");
    }

    private static async Task<JsonObject> LaunchAsync(HttpClient client, string action, object body)
    {
        using var response = await client.PostAsJsonAsync($"{Actions}/{action}/launch", body, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"launch answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}

public sealed class SqliteActionLaunchTests(SqliteApplication app) : ActionLaunchTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresActionLaunchTests(PostgresApplication app) : ActionLaunchTests(app), IClassFixture<PostgresApplication>;
