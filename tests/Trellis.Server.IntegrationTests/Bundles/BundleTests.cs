using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;
using Trellis.Application.SiteParameters;
using Trellis.Data.Model;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>External-action bundles: upload, replace, list, delete and serving (docs/reference/bundles.md, docs/reference/interfaces.md#octane-apps-that-run-unchanged AMA).</summary>
public abstract class BundleTests(BundleApplication app)
{
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";
    private const string Files = Actions + "/bundle/";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AmaUploadsWithoutContentTypeOrXsrfThenReplacesByNameAndGuid()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("app_modules_assistor");
        var name = Unique("app-modules-assistor-panel");
        var zip = TestZip.Create().File("action-configuration.json", PanelAction(name, entry))
            .File($"{entry}/index.html", "<!doctype html><title>v1</title>").File($"{entry}/script.js", "console.log(1)").Build();

        using var first = await client.PostAsync(Actions + "/bundle", new ByteArrayContent(zip), Cancel);
        Assert.Null(first.RequestMessage!.Content!.Headers.ContentType);
        var created = await ReadAsync(first, HttpStatusCode.Created);
        var guid = created.Text("guid")!;
        Assert.Equal([entry], created["entries"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(2, created["file_count"]!.GetValue<int>());
        var action = created["action"]!.AsObject();
        Assert.Equal(name, action.Text("name"));
        Assert.Equal(guid, action.Text("bundle_guid"));

        var actionGuid = action.Text("guid")!;
        Assert.True(Guid.TryParse(actionGuid, out _), actionGuid);
        var v2 = TestZip.Create().File("action-configuration.json", PanelAction(name, entry)).File($"{entry}/index.html", "<!doctype html><title>v2</title>").Build();
        using var second = await client.PutAsync($"{Actions}/{name.ToUpperInvariant()}/bundle?guid={actionGuid}", new ByteArrayContent(v2), Cancel);
        var replaced = await ReadAsync(second, HttpStatusCode.OK);
        Assert.Equal(guid, replaced.Text("guid"));
        Assert.Equal(actionGuid, replaced["action"].Text("guid"));
        var configured = (await client.GetObjectAsync(Actions)).Data().Single(a => a.Text("name") == name)!;
        Assert.Equal(actionGuid, configured.Text("guid"));
        Assert.Equal(guid, configured.Text("bundle_guid"));

        using var page = await client.GetAsync($"{Files}{entry}/", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("<!doctype html><title>v2</title>", await page.Content.ReadAsStringAsync(Cancel));
        using var gone = await client.GetAsync($"{Files}{entry}/script.js", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task UploadWithConfiguration_NewAction_AppearsInConfigurationAndHistoryAsBundleVersion()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("history_app");
        var name = Unique("history-panel");
        var before = (await client.GetObjectAsync(Actions + "/history?limit=1")).Data()[0]!["version"]!.GetValue<int>();
        using var response = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File("action-configuration.json", PanelAction(name, entry)).File($"{entry}/index.html", "x")), Cancel);
        var created = await ReadAsync(response, HttpStatusCode.Created);

        var newest = (await client.GetObjectAsync(Actions + "/history?limit=1")).Data()[0]!;
        Assert.Equal(before + 1, newest["version"]!.GetValue<int>());
        Assert.Equal("bundle", newest.Text("source"));
        var version = await client.GetObjectAsync($"{Actions}/history/{before + 1}");
        var stored = version.Data().Single(a => a.Text("name") == name)!;
        Assert.Equal(created["action"].Text("guid"), stored.Text("guid"));
        var current = (await client.GetObjectAsync(Actions)).Data().Single(a => a.Text("name") == name)!;
        Assert.Equal(created.Text("guid"), current.Text("bundle_guid"));
        Assert.Equal("{bundle_url}/" + entry + "/index.html", current.Text("url"));
    }

    [Fact]
    public async Task UploadWithConfiguration_Duplicate_StoresNoVersion()
    {
        using var client = await app.SignedInAsync();
        var name = Unique("dup-version");
        using var first = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File("action-configuration.json", PanelAction(name, Unique("d"))).File($"{Unique("d1")}/index.html", "x")), Cancel);
        await ReadAsync(first, HttpStatusCode.Created);
        var before = (await client.GetObjectAsync(Actions + "/history?limit=1")).Data()[0]!["version"]!.GetValue<int>();
        using var second = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File("action-configuration.json", PanelAction(name, Unique("e"))).File($"{Unique("e1")}/index.html", "x")), Cancel);
        await AssertErrorAsync(second, HttpStatusCode.Conflict, "platform.duplicate_entity_error");
        Assert.Equal(before, (await client.GetObjectAsync(Actions + "/history?limit=1")).Data()[0]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task PutForAnActionChecksItsNameAndGuid()
    {
        using var client = await app.SignedInAsync();
        var zip = TestZip.Create().File($"{Unique("x")}/index.html", "x").Build();
        using var unknown = await client.PutAsync($"{Actions}/{Unique("no-such-action")}/bundle", new ByteArrayContent(zip), Cancel);
        await AssertErrorAsync(unknown, HttpStatusCode.NotFound, "platform.entity_not_found");

        var name = Unique("guarded");
        var entry = Unique("guarded_app");
        using var created = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File("action-configuration.json", PanelAction(name, entry)).File($"{entry}/index.html", "x")), Cancel);
        await ReadAsync(created, HttpStatusCode.Created);
        using var mismatch = await client.PutAsync($"{Actions}/{name}/bundle?guid={Guid.NewGuid()}", new ByteArrayContent(zip), Cancel);
        await AssertErrorAsync(mismatch, HttpStatusCode.Conflict, "external_actions.guid_mismatch");

        var otherName = TestZip.Create().File("action-configuration.json", PanelAction(Unique("renamed"), entry)).File($"{entry}/index.html", "y").Build();
        using var renamed = await client.PutAsync($"{Actions}/{name}/bundle", new ByteArrayContent(otherName), Cancel);
        var body = await AssertErrorAsync(renamed, HttpStatusCode.BadRequest, "external_actions.invalid_configuration");
        Assert.Equal("/name", body["diagnostics"]![0].Text("pointer"));
    }

    [Fact]
    public async Task ASecondActionOfTheSameNameIsADuplicate()
    {
        using var client = await app.SignedInAsync();
        var name = Unique("twice");
        using var first = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File("action-configuration.json", PanelAction(name, Unique("a"))).File($"{Unique("a1")}/index.html", "x")), Cancel);
        await ReadAsync(first, HttpStatusCode.Created);
        var before = await CountsAsync();
        using var second = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File("action-configuration.json", PanelAction(name.ToUpperInvariant(), Unique("b"))).File($"{Unique("b1")}/index.html", "x")), Cancel);
        await AssertErrorAsync(second, HttpStatusCode.Conflict, "platform.duplicate_entity_error");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AnInvalidConfigurationGetsDiagnosticsRelativeToItsFileAndChangesNothing()
    {
        using var client = await app.SignedInAsync();
        var before = await CountsAsync();
        var zip = TestZip.Create().File("action-configuration.json", """{"name":"bad one","title":"T","entity_type":["defect"],"views":["list"],"url":"javascript:alert(1)"}""")
            .File($"{Unique("bad")}/index.html", "x");
        using var response = await client.PostAsync(Actions + "/bundle", Zip(zip), Cancel);
        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "external_actions.invalid_configuration");
        var pointers = body["diagnostics"]!.AsArray().Select(d => d.Text("pointer")).ToList();
        Assert.Contains("/url", pointers);
        Assert.All(pointers, p => Assert.False(p!.StartsWith("/0", StringComparison.Ordinal)));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AMultipartUploadWithOneFileIsAccepted()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("multi");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestZip.Create().File($"{entry}/a.txt", "hello").Build()), "file", "bundle.zip" } };
        using var response = await client.PostAsync(Actions + "/bundle", form, Cancel);
        var body = await ReadAsync(response, HttpStatusCode.Created);
        Assert.Null(body["action"]);
        Assert.Equal(5, body["uncompressed_size"]!.GetValue<long>());
        Assert.Empty(body["diagnostics"]!.AsArray());
    }

    [Fact]
    public async Task APanelLikeBundleIsServedWithExactTypesAndHeaders()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("feature_work_items");
        var prompt = Unique("whats-new") + ".txt";
        var zip = TestZip.Create().Folder($"{entry}/").Folder($"{entry}/js/")
            .File($"{entry}/index.html", "<script type=\"module\" src=\"js/main.js\"></script>")
            .File($"{entry}/js/main.js", "export const x = 1;").File($"{entry}/style.css", "body{}")
            .File($"{entry}/data.json", "{}").File($"{entry}/logo.svg", "<svg/>").File($"{entry}/blob.bin", "?")
            .File(prompt, "Summarise the selection.", deflate: false);
        using var upload = await client.PostAsync(Actions + "/bundle", Zip(zip), Cancel);
        await ReadAsync(upload, HttpStatusCode.Created);

        foreach (var (path, type) in new[]
        {
            ($"{entry}/", "text/html; charset=utf-8"),
            ($"{entry}/index.html", "text/html; charset=utf-8"),
            ($"{entry}/js/main.js", "text/javascript; charset=utf-8"),
            ($"{entry}/style.css", "text/css"),
            ($"{entry}/data.json", "application/json"),
            ($"{entry}/logo.svg", "image/svg+xml"),
            ($"{entry}/blob.bin", "application/octet-stream"),
            (prompt, "text/plain; charset=utf-8"),
        })
        {
            using var response = await client.GetAsync(Files + path, Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType!.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            // No bundle origin under the test server: the file runs sandboxed, in an opaque origin.
            Assert.Equal("sandbox allow-scripts allow-forms allow-popups allow-modals; frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.True(response.Headers.CacheControl!.NoCache);
            Assert.False(response.Headers.ETag!.IsWeak);
            Assert.False(response.Headers.Contains("X-Frame-Options"));
            Assert.Null(response.Content.Headers.ContentDisposition);
        }

        using var main = await client.GetAsync($"{Files}{entry}/js/main.js", Cancel);
        Assert.Equal("export const x = 1;", await main.Content.ReadAsStringAsync(Cancel));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"{Files}{entry}/js/main.js");
        conditional.Headers.IfNoneMatch.Add(main.Headers.ETag!);
        using var notModified = await client.SendAsync(conditional, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var wrongCase = await client.GetAsync($"{Files}{entry}/JS/main.js", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, wrongCase.StatusCode);
        using var listing = await client.GetAsync($"{Files}{entry}/js/", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, listing.StatusCode);
    }

    [Fact]
    public async Task TraversalProbesNeverReachAFileOutsideTheBundle()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("probe");
        var zip = TestZip.Create().File($"{entry}/index.html", "inside").File($"{entry}/sub/page.html", "sub");
        using var upload = await client.PostAsync(Actions + "/bundle", Zip(zip), Cancel);
        await ReadAsync(upload, HttpStatusCode.Created);

        using var control = await SendRawAsync($"{Files}{entry}/sub/page.html");
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        foreach (var probe in new[]
        {
            $"{entry}/sub/../index.html",
            $"{entry}/sub/%2e%2e/index.html",
            $"{entry}/sub/%2e%2e%2findex.html",
            $"{entry}/sub%2fpage.html",
            $"{entry}/sub/..%5cindex.html",
            $"{entry}\\sub\\page.html",
            $"{entry}/sub/page.html%00",
            $"{entry}/sub/page.html%00.png",
            $"{entry}/sub/%252e%252e/index.html",
            $"{entry}/%2fetc/passwd",
            "%2fetc/passwd",
            "/etc/passwd",
            "..%2f..%2f..%2fappsettings.json",
            $"{entry}/./index.html",
            $"{entry}//index.html",
            "C:%5cWindows%5cwin.ini",
        })
        {
            using var response = await SendRawAsync(Files + probe);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{probe}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task AnEntryOwnedByAnotherBundleCannotBeClaimed()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("shared_entry");
        using var first = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File($"{entry}/a.txt", "one")), Cancel);
        var owner = (await ReadAsync(first, HttpStatusCode.Created)).Text("guid");
        var before = await CountsAsync();
        using var second = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File($"{entry}/b.txt", "two").File($"{Unique("other")}/c.txt", "x")), Cancel);
        var body = await AssertErrorAsync(second, HttpStatusCode.Conflict, "external_actions.entry_owned");
        Assert.Equal(owner, body["properties"].Text("owner_guid"));
        Assert.Equal(entry, body["properties"].Text("entry"));
        Assert.Contains(owner!, body.Text("description"), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());

        // Its owner can replace it: the guid is kept and the old files go.
        using var replace = await client.PutAsync($"{Actions}/bundles/{owner}", new ByteArrayContent(TestZip.Create().File($"{entry}/b.txt", "two").Build()), Cancel);
        Assert.Equal(owner, (await ReadAsync(replace, HttpStatusCode.OK)).Text("guid"));
        using var old = await client.GetAsync($"{Files}{entry}/a.txt", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        using var current = await client.GetAsync($"{Files}{entry}/b.txt", Cancel);
        Assert.Equal("two", await current.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task ListAndDeleteCoverBundlesWithoutAnAction()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("listed");
        using var upload = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File($"{entry}/a.txt", "abc").File($"{entry}/b.txt", "abc")), Cancel);
        var guid = (await ReadAsync(upload, HttpStatusCode.Created)).Text("guid")!;

        var list = await client.GetObjectAsync(Actions + "/bundles");
        var item = list.Data().Single(b => b.Text("guid") == guid)!.AsObject();
        Assert.Equal(["guid", "action_name", "entries", "file_count", "uncompressed_size", "uploaded_by", "uploaded_at"], item.Select(p => p.Key));
        Assert.Null(item["action_name"]);
        Assert.Equal(2, item["file_count"]!.GetValue<int>());
        Assert.Equal(6, item["uncompressed_size"]!.GetValue<long>());
        Assert.Equal("2026-01-15T09:00:00Z", item.Text("uploaded_at"));

        using var delete = await client.DeleteAsync($"{Actions}/bundles/{guid}", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var file = await client.GetAsync($"{Files}{entry}/a.txt", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        using var again = await client.DeleteAsync($"{Actions}/bundles/{guid}", Cancel);
        await AssertErrorAsync(again, HttpStatusCode.NotFound, "platform.entity_not_found");
        // Deduplicated contents go when nothing refers to them.
        Assert.False(await app.WithDbAsync(db => db.BundleBlobs.AnyAsync(b => !db.BundleFiles.Any(f => f.Sha256 == b.Sha256))));
    }

    [Fact]
    public async Task HostileUploadsAreRejectedWithTheirReasonAndChangeNothing()
    {
        using var client = await app.SignedInAsync();
        var before = await CountsAsync();
        foreach (var row in HostileZips.Cases)
        {
            var (name, code, tooLarge) = row.Data;
            using var response = await client.PostAsync(Actions + "/bundle", new ByteArrayContent(HostileZips.Build(name)), Cancel);
            var body = await AssertErrorAsync(response, tooLarge ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest,
                tooLarge ? "external_actions.bundle_too_large" : "external_actions.bundle_rejected");
            Assert.All(body["reasons"]!.AsArray(), r => Assert.Equal(code, r.Text("code")));
        }

        using var oversize = await client.PostAsync(Actions + "/bundle", new ByteArrayContent(new byte[(20 * 1024 * 1024) + 1]), Cancel);
        await AssertErrorAsync(oversize, HttpStatusCode.RequestEntityTooLarge, "external_actions.bundle_too_large");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ASpaceHoldsAtMostTwoHundredBundles()
    {
        using var client = await app.SignedInAsync();
        var space = await app.WithDbAsync(async db =>
        {
            var shared = new SharedSpace { Name = Unique("quota space") };
            db.SharedSpaces.Add(shared);
            await db.SaveChangesAsync(Cancel);
            var admin = await db.Users.Where(u => u.Login == TrellisApplication.AdminLogin).Select(u => u.Id).SingleAsync(Cancel);
            for (var i = 0; i < 200; i++)
            {
                db.Bundles.Add(new Bundle { Guid = Guid.NewGuid().ToString("D"), SharedSpaceId = shared.Id, Entries = "", UploadedByUserId = admin, UploadedAt = app.Time.GetUtcNow() });
            }

            await db.SaveChangesAsync(Cancel);
            return shared.Id;
        });

        using var response = await client.PostAsync($"/api/shared_spaces/{space}/external-entity-actions/bundle", Zip(TestZip.Create().File("app/a.txt", "x")), Cancel);
        await AssertErrorAsync(response, HttpStatusCode.Conflict, "external_actions.quota_exceeded");
        Assert.Equal(200, await app.WithDbAsync(db => db.Bundles.CountAsync(b => b.SharedSpaceId == space, Cancel)));
    }

    [Fact]
    public async Task TurningBundlesOffRefusesUploadsHidesFilesAndKeepsThem()
    {
        using var client = await app.SignedInAsync();
        var entry = Unique("gated");
        using var upload = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File($"{entry}/a.txt", "kept")), Cancel);
        var guid = (await ReadAsync(upload, HttpStatusCode.Created)).Text("guid");
        var parameters = app.Services.GetRequiredService<SiteParameterStore>();
        await parameters.SetAsync(SiteParameterNames.BundlesEnabled, "false", 1, Cancel);
        try
        {
            using var refused = await client.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File($"{Unique("more")}/a.txt", "x")), Cancel);
            await AssertErrorAsync(refused, HttpStatusCode.Forbidden, "external_actions.bundles_disabled");
            using var hidden = await client.GetAsync($"{Files}{entry}/a.txt", Cancel);
            await AssertErrorAsync(hidden, HttpStatusCode.NotFound, "platform.entity_not_found");
            Assert.Contains((await client.GetObjectAsync(Actions + "/bundles")).Data(), b => b.Text("guid") == guid);
        }
        finally
        {
            await parameters.SetAsync(SiteParameterNames.BundlesEnabled, "true", 1, Cancel);
        }

        using var back = await client.GetAsync($"{Files}{entry}/a.txt", Cancel);
        Assert.Equal("kept", await back.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task OnlySpaceAdminsManageBundlesAndOnlyMembersReadThem()
    {
        using var admin = await app.SignedInAsync();
        var entry = Unique("private");
        using var upload = await admin.PostAsync(Actions + "/bundle", Zip(TestZip.Create().File($"{entry}/a.txt", "secret")), Cancel);
        var guid = (await ReadAsync(upload, HttpStatusCode.Created)).Text("guid");
        var zip = TestZip.Create().File($"{Unique("z")}/a.txt", "x").Build();
        var writes = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            c => c.PostAsync(Actions + "/bundle", new ByteArrayContent(zip), Cancel),
            c => c.PutAsync($"{Actions}/anything/bundle", new ByteArrayContent(zip), Cancel),
            c => c.GetAsync(Actions + "/bundles", Cancel),
            c => c.PutAsync($"{Actions}/bundles/{guid}", new ByteArrayContent(zip), Cancel),
            c => c.DeleteAsync($"{Actions}/bundles/{guid}", Cancel),
        };

        using var anonymous = app.Anonymous();
        foreach (var write in writes)
        {
            using var response = await write(anonymous);
            await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "platform.authentication_required");
        }

        using var anonymousRead = await anonymous.GetAsync($"{Files}{entry}/a.txt", Cancel);
        await AssertErrorAsync(anonymousRead, HttpStatusCode.Unauthorized, "platform.authentication_required");

        foreach (var role in new[] { Roles.WorkspaceAdmin, Roles.Member, Roles.Viewer })
        {
            using var client = await app.CreateClientAsync(role);
            foreach (var write in writes)
            {
                using var response = await write(client);
                await AssertErrorAsync(response, HttpStatusCode.Forbidden, "platform.forbidden");
            }

            using var read = await client.GetAsync($"{Files}{entry}/a.txt", Cancel);
            Assert.Equal("secret", await read.Content.ReadAsStringAsync(Cancel));
        }

        using var outsider = await OutsiderAsync();
        using var hidden = await outsider.GetAsync($"{Files}{entry}/a.txt", Cancel);
        await AssertErrorAsync(hidden, HttpStatusCode.NotFound, "platform.entity_not_found");
        Assert.NotNull(await app.WithDbAsync(db => db.Bundles.SingleOrDefaultAsync(b => b.Guid == guid, Cancel)));
    }

    [Fact]
    public async Task TheStyleSheetIsPublicWithPanelsClasses()
    {
        using var anonymous = app.Anonymous();
        using var response = await anonymous.GetAsync("/ui/external-actions/style/alm-octane-style.css", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var css = await response.Content.ReadAsStringAsync(Cancel);
        foreach (var name in new[]
        {
            "flex", "ellipsis", "margin-t--5px", "margin-l--5px", "margin-r--5px", "margin-l--10px", "margin-r--10px",
            "padding-t--5px", "padding-t--10px", "grid__entity-initials-label__box", "grid__entity-initials-label__text",
            "bg--plum", "bg--golden-rod", "bg--pale-emerald", "bg--red",
        })
        {
            Assert.Contains("." + name + " {", css, StringComparison.Ordinal);
        }
    }

    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static string PanelAction(string name, string entry) => $$$"""
        {"name":"{{{name}}}","title":"App Modules","entity_type":["product_area"],"views":["list"],
         "url":"{bundle_url}/{{{entry}}}/index.html","mode":{"name":"side_panel","modules":["quality"]}}
        """;

    private static ByteArrayContent Zip(TestZip zip) => new(zip.Build());

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadAsync(response, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.Text("error_code"));
        foreach (var key in new[] { "correlation_id", "description", "description_translated" })
        {
            Assert.False(string.IsNullOrEmpty(body.Text(key)), key);
        }

        return body;
    }

    /// <summary>
    /// Sends a path exactly as written, as a raw request target: no dot-segment removal and no unescaping by a client,
    /// and the decoded path left as the target (the server must rely on neither).
    /// </summary>
    private async Task<HttpResponseMessage> SendRawAsync(string path)
    {
        using var signIn = await app.Anonymous(handleCookies: false).PostAsync("/authentication/sign_in",
            new StringContent($$"""{"user":"{{TrellisApplication.AdminLogin}}","password":"{{TrellisApplication.AdminPassword}}"}""", System.Text.Encoding.UTF8, "application/json"), Cancel);
        var cookie = SessionCookies.From(signIn);
        var context = await app.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = new PathString(path);
            http.Features.Get<IHttpRequestFeature>()!.RawTarget = path;
            http.Request.Headers.Cookie = $"LWSSO_COOKIE_KEY={cookie}";
        }, Cancel);
        return new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode) { Content = new StreamContent(context.Response.Body) };
    }

    private Task<(int Bundles, int Files, int Blobs, int Entries)> CountsAsync() => app.WithDbAsync(async db =>
        (await db.Bundles.CountAsync(Cancel), await db.BundleFiles.CountAsync(Cancel), await db.BundleBlobs.CountAsync(Cancel), await db.BundleEntries.CountAsync(Cancel)));

    /// <summary>A signed-in user with no role in space 1001.</summary>
    private async Task<HttpClient> OutsiderAsync()
    {
        var login = $"outsider-{Guid.NewGuid():N}@example.com";
        var id = await app.AddUserAsync(login, "Role-Password-1", Roles.Member);
        await app.WithDbAsync(db => db.RoleAssignments.Where(r => r.UserId == id).ExecuteDeleteAsync(Cancel));
        return await app.SignedInAsync(login, "Role-Password-1");
    }
}

public sealed class SqliteBundleTests(SqliteBundleApplication app) : BundleTests(app), IClassFixture<SqliteBundleApplication>;

public sealed class PostgresBundleTests(PostgresBundleApplication app) : BundleTests(app), IClassFixture<PostgresBundleApplication>;
