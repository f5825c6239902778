using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Errors;
using Trellis.Data;
using Trellis.Server.Features.ExternalActions.Bundles;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>The server with a separate bundle origin configured, recognised by the request's Host (docs/security.md).</summary>
public class BundleOriginApplication(DatabaseProvider provider) : BundleApplication(provider)
{
    /// <summary>Same host as the main origin (<c>http://localhost</c>), another port: the session cookie reaches both.</summary>
    public const string BundleOrigin = "http://localhost:5001";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Trellis:Bundles:Origin", BundleOrigin);
    }
}

public sealed class SqliteBundleOriginApplication() : BundleOriginApplication(DatabaseProvider.Sqlite);

public sealed class PostgresBundleOriginApplication() : BundleOriginApplication(DatabaseProvider.Postgres);

/// <summary>
/// Bundle isolation: on the bundle origin only bundle files and workspace data answer (with the user's session); on
/// the main origin bundle files redirect there; bundle launches expand from it; the main origin refuses its scripts.
/// </summary>
public abstract class BundleOriginTests(BundleOriginApplication app)
{
    private const string Bundles = BundleOriginApplication.BundleOrigin;
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";
    private const string Files = Actions + "/bundle/";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnTheBundleOrigin_EverythingButBundlesAndWorkspaceData_Is404InThePathsShape()
    {
        using var admin = await app.SignedInAsync();
        var octaneShaped = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, Actions, null),
            (HttpMethod.Put, Actions, "[]"),
            (HttpMethod.Get, Actions + "/history", null),
            (HttpMethod.Post, Actions + "/history/1/restore", null),
            (HttpMethod.Post, Actions + "/bundle", "x"),
            (HttpMethod.Get, Actions + "/bundles", null),
            (HttpMethod.Get, "/api/shared_spaces/1001/users", null),
            (HttpMethod.Put, "/api/shared_spaces/1001/users/1", """{"roles":[]}"""),
            (HttpMethod.Get, "/api/shared_spaces/1001/api_keys", null),
            (HttpMethod.Post, "/api/shared_spaces/1001/api_keys", """{"data":[{"name":"stolen"}]}"""),
            (HttpMethod.Get, TrellisApplication.Base + "/external-actions/applicable?entity_type=defect&view=list", null),
            (HttpMethod.Post, TrellisApplication.Base + "/external-actions/feature_insights/launch", """{"view":"list"}"""),
            (HttpMethod.Get, TrellisApplication.Base + "/external-actions/panel_notes/settings/", null),
            (HttpMethod.Put, TrellisApplication.Base + "/external-actions/panel_notes/settings/", """{"settings":{}}"""),
            (HttpMethod.Post, TrellisApplication.Base + "/metadata/fields", """{"data":[{"name":"x_udf","entity_name":"defect","label":"X","field_type":"string"}]}"""),
            (HttpMethod.Post, "/authentication/sign_out", null),
        };
        foreach (var (method, path, body) in octaneShaped)
        {
            using var response = await SendAsync(admin, method, Bundles + path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        }

        var problemShaped = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, "/admin/params", null),
            (HttpMethod.Put, "/admin/params/ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", """{"value":"http,https,ftp"}"""),
            (HttpMethod.Post, "/admin/identity-keys/rotate", null),
            (HttpMethod.Get, "/admin/shared_spaces/1001/launch-messages", null),
            (HttpMethod.Get, "/1001/1002/backlog", null),
            (HttpMethod.Get, "/1001/settings/external-actions", null),
            (HttpMethod.Get, "/login", null),
            (HttpMethod.Get, "/", null),
            (HttpMethod.Get, "/healthz", null),
        };
        foreach (var (method, path, body) in problemShaped)
        {
            using var response = await SendAsync(admin, method, Bundles + path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(404, (await response.ReadObjectAsync())["status"]!.GetValue<int>());
        }

        // Nothing changed, and the session still works on the main origin.
        var parameters = await admin.GetObjectAsync("/admin/params");
        var protocols = parameters.Data().Single(p => p.Text("name") == "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS")!;
        Assert.DoesNotContain("ftp", protocols.Text("value"), StringComparison.Ordinal);
        var keys = await admin.GetObjectAsync("/api/shared_spaces/1001/api_keys");
        Assert.DoesNotContain(keys.Data(), k => k.Text("name") == "stolen");
    }

    [Fact]
    public void EveryEndpointTheBundleOriginAllowsIsInTheRouteTable()
    {
        app.SkipUnlessAvailable();
        var names = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        Assert.Subset(names, BundleOriginGate.AllowedEndpoints.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OnTheBundleOrigin_BundleFilesAndWorkItemReadsAnswerWithTheSession()
    {
        using var admin = await app.SignedInAsync();
        var entry = "origin_" + Guid.NewGuid().ToString("N")[..8];
        using var upload = await admin.PostAsync(Actions + "/bundle", new ByteArrayContent(TestZip.Create().File($"{entry}/index.html", "<p>app</p>").Build()), Cancel);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        using var page = await admin.GetAsync($"{Bundles}{Files}{entry}/index.html", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("<p>app</p>", await page.Content.ReadAsStringAsync(Cancel));
        // Framed by Trellis's pages (any port of this host, as no public URL is configured), never sandboxed here.
        Assert.Equal("frame-ancestors 'self' http://localhost:*", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        // What an Octane app does with default fetch options: the children of some features, by a cross filter.
        var features = await admin.GetObjectAsync($"{TrellisApplication.Base}/work_items?fields=name&query=%22subtype%3D%27feature%27%22&limit=3");
        var query = Uri.EscapeDataString($"\"parent={{id IN {string.Join(",", features.Data().Select(f => $"'{f.Text("id")}'"))}}}\"");
        var children = await admin.GetObjectAsync($"{Bundles}{TrellisApplication.Base}/work_items?fields=name,parent&query={query}");
        var expected = await admin.GetObjectAsync($"{TrellisApplication.Base}/work_items?fields=name,parent&query={query}");
        Assert.NotEmpty(children.Data());
        Assert.Equal(expected.Data().Select(d => d.Text("id")), children.Data().Select(d => d.Text("id")));

        var user = await admin.GetObjectAsync($"{Bundles}/api/current_user");
        Assert.Equal(TrellisApplication.AdminLogin, user.Text("name"));
        var fields = await admin.GetObjectAsync($"{Bundles}{TrellisApplication.Base}/metadata/fields?query=%22entity_name%20EQ%20%27defect%27%22");
        Assert.NotEmpty(fields.Data());
        using var created = await admin.PostAsync($"{Bundles}{TrellisApplication.Base}/defects", new StringContent("""{"data":[{"name":"Filed from a bundle"}]}"""), Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Without a session the data stays closed there too.
        using var anonymous = app.Anonymous();
        using var closed = await anonymous.GetAsync($"{Bundles}{TrellisApplication.Base}/work_items", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(closed, HttpStatusCode.Unauthorized, OctaneErrorCodes.AuthenticationRequired);
    }

    [Theory]
    [InlineData("")]
    [InlineData(Bundles)]
    public async Task TheAppSdk_IsServedOnBothOrigins_ExactlyAsInTheRepository_ForAnyPageToImport(string origin)
    {
        using var anonymous = app.Anonymous();
        foreach (var (path, file, type) in new[] { ("/sdk/trellis-app.js", "trellis-app.js", "text/javascript"), ("/sdk/trellis-app.d.ts", "trellis-app.d.ts", "text/plain") })
        {
            using var response = await anonymous.GetAsync(origin + path, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            // A module script is fetched with CORS, so a page on any origin may import it.
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Equal(await File.ReadAllBytesAsync(RepositoryFiles.PathOf("sdk", "js", file), Cancel), await response.Content.ReadAsByteArrayAsync(Cancel));

            using var again = new HttpRequestMessage(HttpMethod.Get, origin + path);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var unchanged = await anonymous.SendAsync(again, Cancel);
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }
    }


    [Fact]
    public async Task OnTheMainOrigin_BundleFilesRedirectToTheBundleOrigin()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.GetAsync($"{Files}feature-children/index.html?shared_space=1001&workspace=1002#ids=1", Cancel);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"{Bundles}{Files}feature-children/index.html?shared_space=1001&workspace=1002", response.Headers.Location!.ToString());
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);

        using var followed = await admin.GetAsync(response.Headers.Location, Cancel);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Contains("<title>", await followed.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BundleLaunches_ExpandFromTheBundleOrigin_OtherLaunchesFromTrellis()
    {
        using var admin = await app.SignedInAsync();
        var feature = (await admin.GetObjectAsync($"{TrellisApplication.Base}/work_items?fields=name&query=%22subtype%3D%27feature%27%22&limit=1")).Data().Single()!.Text("id");
        using var panel = await admin.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/feature_insights/launch",
            new { view = "list", module = "backlog", entity_type = "feature", entity_ids = new[] { feature } }, Cancel);
        var ticket = await panel.ReadObjectAsync();
        Assert.StartsWith($"{Bundles}{Files}feature-children/index.html?shared_space=1001&workspace=1002#ids={feature}&panel_id=", ticket.Text("url"), StringComparison.Ordinal);
        Assert.Equal(Bundles, ticket.Text("app_origin"));

        using var search = await admin.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/search_web/launch",
            new { view = "list", module = "backlog", entity_type = "feature", entity_ids = new[] { feature } }, Cancel);
        Assert.StartsWith("https://duckduckgo.com/?q=", (await search.ReadObjectAsync()).Text("url"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromTheBundleOrigin_TheMainOriginRefusesThePreflightAndWritesWithoutTheXsrfHeader()
    {
        using var admin = await app.SignedInAsync();
        // CORS on, for another app's origin: the bundle origin is still not one of them.
        await SetParameterAsync(admin, "CORS_ENABLED", "true");
        await SetParameterAsync(admin, "CORS_AUTH_ALLOW_ORIGIN", "https://apps.example.com");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/admin/params/CORS_ALLOW_ORIGIN");
        preflight.Headers.Add("Origin", Bundles);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type, xsrf-header");
        using var refused = await admin.SendAsync(preflight, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        // A write the browser sends without a preflight carries no XSRF header, and the main origin sees it is cross-origin.
        using var write = new HttpRequestMessage(HttpMethod.Put, "/admin/params/CORS_ALLOW_ORIGIN") { Content = new StringContent("""{"value":"*"}""") };
        write.Headers.Add("Origin", Bundles);
        write.Headers.Add("Sec-Fetch-Site", "same-site");
        using var forbidden = await admin.SendAsync(write, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("", (await admin.GetObjectAsync("/admin/params")).Data().Single(p => p.Text("name") == "CORS_ALLOW_ORIGIN")!.Text("value"));
        await SetParameterAsync(admin, "CORS_ENABLED", "false");
    }

    private static async Task SetParameterAsync(HttpClient admin, string name, string value)
    {
        using var response = await admin.PutAsJsonAsync($"/admin/params/{name}", new { value }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request, Cancel);
    }
}

public sealed class SqliteBundleOriginTests(SqliteBundleOriginApplication app) : BundleOriginTests(app), IClassFixture<SqliteBundleOriginApplication>;

public sealed class PostgresBundleOriginTests(PostgresBundleOriginApplication app) : BundleOriginTests(app), IClassFixture<PostgresBundleOriginApplication>;
