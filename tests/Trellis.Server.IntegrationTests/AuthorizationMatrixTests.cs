using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// Every endpoint the application maps and every page of the web UI, against every kind of caller: site admin, space
/// admin, workspace admin, member, viewer, a user with no role, an admin of another workspace, an admin of another
/// shared space, an API key and an anonymous caller (docs/security.md, "Who may do what"). Each endpoint on the
/// server's own prefixes and each page must be classified below: a new one that is not fails the test until someone
/// decides who may call it.
/// </summary>
public abstract class AuthorizationMatrixTests(TrellisApplication app)
{
    private const string Workspace = "/api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}";
    private const string Actions = "/api/shared_spaces/{sharedSpaceId:long}/external-entity-actions";
    private const string Space = "/api/shared_spaces/{sharedSpaceId:long}";
    private const long OtherSpace = 9_100_001;
    private const long OtherSpaceWorkspace = 9_100_002;
    private const long OtherWorkspace = 9_100_003;

    /// <summary>The prefixes whose endpoints must all be classified (the UI's pages are checked only for never failing).</summary>
    private static readonly string[] ServerPrefixes = ["/api", "/internal-api", "/admin", "/authentication", "/.well-known", "/openapi", "/healthz", "/ui/external-actions"];

    /// <summary>Who may call each endpoint, by method and route pattern as mapped.</summary>
    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.Ordinal)
    {
        // Anonymous by design (docs/reference/rest.md#cors, docs/identity-tokens.md#the-token, docs/reference/rest.md#authentication) or harmless.
        ["GET /healthz"] = Access.Public,
        ["GET /healthz/live"] = Access.Public,
        ["GET /healthz/ready"] = Access.Public,
        ["POST /authentication/sign_in"] = Access.Public,
        ["POST /authentication/sign_out"] = Access.Public,
        ["GET /admin/server/version"] = Access.Public,
        ["GET /api/jwt/key"] = Access.Public,
        ["GET /.well-known/jwks.json"] = Access.Public,
        ["GET /ui/external-actions/style/alm-octane-style.css"] = Access.Public,
        ["GET /ui/theme.css"] = Access.Public,
        ["GET /sdk/trellis-app.js"] = Access.Public,
        ["GET /sdk/trellis-app.d.ts"] = Access.Public,
        ["GET /openapi/{documentName}.json"] = Access.Public,

        // Any signed-in user; what they see is filtered to their roles.
        ["GET /api/current_user"] = Access.Signed,
        ["GET /api/shared_spaces"] = Access.Signed,
        ["GET " + Space] = Access.SpaceMember,
        ["GET " + Space + "/workspaces"] = Access.Signed,
        ["GET " + Workspace] = Access.WorkspaceViewer,
        ["GET /api/{**path}"] = Access.Signed,

        // A role in workspace 1002 of space 1001: reads, toolbars, launches and one's own panel settings.
        ["GET " + Workspace + "/metadata/entities"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/metadata/fields"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/{collection}"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/{collection}/{id}"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/{collection}/groups"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/workspace_roles"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/workspace_roles/{id:long}"] = Access.WorkspaceViewer,
        ["GET /internal-api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}/ali/validateCommitPattern"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/attachments/{id}"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/attachments/{id}/{fileName}"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/external-actions/applicable"] = Access.WorkspaceViewer,
        ["POST " + Workspace + "/external-actions/{name}/launch"] = Access.WorkspaceViewer,
        ["GET " + Workspace + "/external-actions/{name}/settings/"] = Access.WorkspaceViewer,
        ["PUT " + Workspace + "/external-actions/{name}/settings/"] = Access.WorkspaceViewer,

        // More than viewer in the workspace: entity writes.
        ["POST " + Workspace + "/{collection}"] = Access.WorkspaceMember,
        ["PUT " + Workspace + "/{collection}"] = Access.WorkspaceMember,
        ["PUT " + Workspace + "/analytics/ci/link-stories-to-branch"] = Access.WorkspaceMember,
        ["PUT " + Workspace + "/{collection}/{id}"] = Access.WorkspaceMember,
        ["DELETE " + Workspace + "/{collection}"] = Access.WorkspaceMember,
        ["DELETE " + Workspace + "/{collection}/{id}"] = Access.WorkspaceMember,
        ["POST " + Workspace + "/attachments"] = Access.WorkspaceMember,

        // Workspace admins: user-defined fields.
        ["POST " + Workspace + "/metadata/fields"] = Access.WorkspaceAdmin,
        ["DELETE " + Workspace + "/metadata/fields/{name}"] = Access.WorkspaceAdmin,

        // Any role in the space: its configuration, bundle files, users; one's own password, e-mail and API keys.
        ["GET " + Actions + "/"] = Access.SpaceMember,
        ["GET " + Actions + "/bundle/{**path}"] = Access.SpaceMember,
        ["GET " + Space + "/users"] = Access.SpaceMember,
        ["GET " + Space + "/users/{userId:long}"] = Access.SpaceMember,
        ["GET " + Space + "/workspace_roles"] = Access.SpaceMember,
        ["GET " + Space + "/workspace_roles/{id:long}"] = Access.SpaceMember,
        ["PUT " + Space + "/users/{userId:long}"] = Access.SpaceMember,
        ["GET " + Space + "/api_keys"] = Access.SpaceMember,
        ["POST " + Space + "/api_keys"] = Access.SpaceMember,
        ["DELETE " + Space + "/api_keys/{keyId:long}"] = Access.SpaceMember,
        // One's own development overrides: listed and cleared by any member, only ever the caller's own.
        ["GET " + Space + "/external-action-overrides/"] = Access.SpaceMember,
        ["DELETE " + Space + "/external-action-overrides/{name}"] = Access.SpaceMember,

        // Shared-space admins.
        ["PUT " + Actions + "/"] = Access.SpaceAdmin,
        ["GET " + Actions + "/history"] = Access.SpaceAdmin,
        ["GET " + Actions + "/history/{version:int}"] = Access.SpaceAdmin,
        ["POST " + Actions + "/history/{version:int}/restore"] = Access.SpaceAdmin,
        ["POST " + Actions + "/bundle"] = Access.SpaceAdmin,
        ["PUT " + Actions + "/{name}/bundle"] = Access.SpaceAdmin,
        ["GET " + Actions + "/bundles"] = Access.SpaceAdmin,
        ["PUT " + Actions + "/bundles/{guid}"] = Access.SpaceAdmin,
        ["DELETE " + Actions + "/bundles/{guid}"] = Access.SpaceAdmin,
        ["PUT " + Space + "/external-action-overrides/{name}"] = Access.SpaceAdmin,
        ["POST " + Space + "/users"] = Access.SpaceAdmin,
        ["POST " + Space + "/workspaces"] = Access.SpaceAdmin,
        ["GET /admin/shared_spaces/{sharedSpaceId:long}/launch-messages/"] = Access.SpaceAdmin,
        ["GET /admin/shared_spaces/{sharedSpaceId:long}/audit"] = Access.SpaceAdmin,

        // Site admins.
        ["GET /admin/params/"] = Access.SiteAdmin,
        ["PUT /admin/params/{name}"] = Access.SiteAdmin,
        ["POST /admin/identity-keys/rotate"] = Access.SiteAdmin,
        ["POST /admin/backup"] = Access.SiteAdmin,
        ["GET /admin/audit"] = Access.SiteAdmin,
        ["POST /api/shared_spaces"] = Access.SiteAdmin,
    };

    /// <summary>A value for each route parameter: ids that exist for the scope, ids that do not for the rest, so nothing real changes.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["sharedSpaceId"] = "1001",
        ["workspaceId"] = "1002",
        ["collection"] = "defects",
        ["id"] = "987654321",
        ["fileName"] = "a.txt",
        ["name"] = "no_such_action",
        ["version"] = "987654",
        ["guid"] = "00000000000000000000000000000000",
        ["userId"] = "987654321",
        ["keyId"] = "987654321",
        ["path"] = "no-such-folder/index.html",
        ["documentName"] = "trellis",
    };

    /// <summary>The web UI's pages, by route template, with who may see them.</summary>
    private static readonly Dictionary<string, Access> Pages = new(StringComparer.Ordinal)
    {
        ["/login"] = Access.Public,
        ["/"] = Access.Signed,
        ["/{SharedSpace:long}/{Workspace:long}/{Module}"] = Access.WorkspaceViewer,
        ["/{SharedSpace:long}/{Workspace:long}/{EntityType}/{Id:long}"] = Access.WorkspaceViewer,
        ["/{SharedSpace:long}/settings/external-actions"] = Access.SpaceAdmin,
        ["/{SharedSpace:long}/settings/messages"] = Access.SpaceAdmin,
        ["/{SharedSpace:long}/settings/users"] = Access.SpaceAdmin,
        ["/{SharedSpace:long}/settings/workspaces"] = Access.SpaceAdmin,
        ["/{SharedSpace:long}/settings/audit"] = Access.SpaceAdmin,
        ["/{SharedSpace:long}/api-keys"] = Access.SpaceMember,
        ["/settings/site-parameters"] = Access.SiteAdmin,
        ["/settings/audit"] = Access.SiteAdmin,
    };

    private enum Access
    {
        Public,
        Signed,
        SpaceMember,
        WorkspaceViewer,
        WorkspaceMember,
        WorkspaceAdmin,
        SpaceAdmin,
        SiteAdmin,
    }

    /// <summary>What a caller gets: let through, refused, or answered as if the place did not exist.</summary>
    private enum Outcome
    {
        Through,
        Unauthenticated,
        Forbidden,
        Hidden,
    }

    public static TheoryData<string> Callers => new(Caller.All.Select(c => c.Name));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void EveryServerEndpoint_IsClassified_AndDeclaresItsAuthorization()
    {
        var endpoints = Endpoints();

        var unclassified = endpoints.Where(e => IsServerPath(e.Pattern) && !Matrix.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(unclassified.Count == 0, "Classify these endpoints in AuthorizationMatrixTests.Matrix: " + string.Join("; ", unclassified));
        var stale = Matrix.Keys.Except(endpoints.Select(e => e.Key)).ToList();
        Assert.True(stale.Count == 0, "These classified endpoints are no longer mapped: " + string.Join("; ", stale));
        foreach (var endpoint in endpoints.Where(e => IsServerPath(e.Pattern)))
        {
            var anonymous = endpoint.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            // Health checks are mapped with AllowAnonymous on an endpoint that has no handler metadata of its own.
            Assert.True(
                Matrix[endpoint.Key] == Access.Public ? anonymous || !authorized : authorized && !anonymous,
                $"{endpoint.Key} is {Matrix[endpoint.Key]} but declares {(anonymous ? "AllowAnonymous" : authorized ? "RequireAuthorization" : "nothing")}.");
        }
    }

    [Fact]
    public async Task AnAnonymousCaller_Gets401InThePathsShape_ExceptOnPublicEndpoints_AndNeverA500()
    {
        using var client = app.Anonymous();
        var failures = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            using var response = await SendAsync(client, endpoint);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Cancel);
            var access = Matrix.GetValueOrDefault(endpoint.Key, Access.Signed);
            if (status >= 500)
            {
                failures.Add($"{endpoint.Key} answered {status}");
            }
            else if (!IsServerPath(endpoint.Pattern))
            {
                continue;
            }
            else if (access == Access.Public)
            {
                // Bad credentials at sign-in are a 401 too, but never a demand for a session.
                if (status == 401 && IsErrorShape(endpoint.Pattern, response, text, "platform.authentication_required"))
                {
                    failures.Add($"{endpoint.Key} is public but asked for a session");
                }
            }
            else if (status != 401 || !IsErrorShape(endpoint.Pattern, response, text, "platform.authentication_required"))
            {
                failures.Add($"{endpoint.Key} answered {status} {response.Content.Headers.ContentType}: {Shorten(text)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryEndpoint_AnswersEachCaller_AsItsClassificationSays(string name)
    {
        var caller = Caller.All.Single(c => c.Name == name);
        using var client = await ClientAsync(caller);
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => IsServerPath(e.Pattern) && Matrix.GetValueOrDefault(e.Key) != Access.Public))
        {
            using var response = await SendAsync(client, endpoint);
            var text = await response.Content.ReadAsStringAsync(Cancel);
            var expected = caller.Expect(Matrix[endpoint.Key]);
            var actual = OutcomeOf(endpoint.Pattern, response, text);
            if (actual != expected)
            {
                failures.Add($"{endpoint.Key} ({Matrix[endpoint.Key]}): expected {expected}, got {actual} {(int)response.StatusCode}: {Shorten(text)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryPage_IsClassified()
    {
        var routes = typeof(Trellis.Web.App).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), inherit: false))
            .Cast<Microsoft.AspNetCore.Components.RouteAttribute>().Select(r => r.Template).ToList();
        Assert.NotEmpty(routes);
        var unclassified = routes.Except(Pages.Keys).ToList();
        Assert.True(unclassified.Count == 0, "Classify these pages in AuthorizationMatrixTests.Pages: " + string.Join("; ", unclassified));
        var stale = Pages.Keys.Except(routes).ToList();
        Assert.True(stale.Count == 0, "These classified pages no longer exist: " + string.Join("; ", stale));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryPage_ShowsEachCallerWhatTheRestApiWould_AndNothingOfAHiddenWorkspace(string name)
    {
        var caller = Caller.All.Single(c => c.Name == name);
        using var admin = await app.SignedInAsync();
        var secret = $"Confidential defect {Guid.NewGuid():N}";
        var defectId = (await admin.CreateDefectsAsync(secret))[0];
        using var client = await ClientAsync(caller);
        var failures = new List<string>();
        // A module page is one page per module the shell offers (the team backlog among them), each swept for every caller.
        var urls = Pages.Where(p => p.Value != Access.Public).SelectMany(p => (p.Key.Contains("{Module}", StringComparison.Ordinal)
                ? Trellis.Web.Shared.WorkspaceRoute.Modules.Select(m => p.Key.Replace("{Module}", m.Name, StringComparison.Ordinal))
                : [p.Key]).Select(url => (Template: p.Key, Url: url, Access: p.Value)));
        foreach (var (template, path, access) in urls)
        {
            var url = path.Replace("{SharedSpace:long}", "1001", StringComparison.Ordinal).Replace("{Workspace:long}", "1002", StringComparison.Ordinal)
                .Replace("{EntityType}", "defect", StringComparison.Ordinal)
                .Replace("{Id:long}", defectId, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/html");
            using var response = await client.SendAsync(request, Cancel);
            var html = await response.Content.ReadAsStringAsync(Cancel);
            var expected = caller.Expect(access);
            var status = (int)response.StatusCode;
            var ok = expected switch
            {
                // Anonymous people are sent to sign in, never shown the page.
                Outcome.Unauthenticated => status is 302 or 401 || (status == 200 && html.Contains("/login", StringComparison.Ordinal) && !html.Contains(secret, StringComparison.Ordinal)),
                // The start page sends people with a workspace on to its backlog.
                Outcome.Through => (status == 200 || (status == 302 && template == "/")) && !html.Contains("<h1>Not found</h1>", StringComparison.Ordinal),
                // REST answers both 403 and 404 here; a page shows the same not-found to anyone without the right.
                _ => status == 404 && html.Contains("<h1>Not found</h1>", StringComparison.Ordinal) && !html.Contains(secret, StringComparison.Ordinal),
            };
            if (!ok)
            {
                failures.Add($"{url} ({access}): expected {expected}, got {status}: {Shorten(html)}");
            }

            if (expected == Outcome.Through && template.EndsWith("{Id:long}", StringComparison.Ordinal) && !html.Contains(secret, StringComparison.Ordinal))
            {
                failures.Add($"{url}: a caller who may read the defect does not see it");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<HttpClient> ClientAsync(Caller caller)
    {
        if (caller.Name == "anonymous")
        {
            return app.Anonymous();
        }

        await EnsureOtherScopesAsync();
        var login = $"{caller.Name}-{Guid.NewGuid():N}@example.com";
        const string password = "Matrix-Password-1";
        await app.AddUserWithRolesAsync(login, password, caller.Name == "other_space_admin" ? OtherSpace : 1001, caller.Roles);
        using var owner = await app.SignedInAsync(login, password);
        if (caller.Name != "api_key")
        {
            return await app.SignedInAsync(login, password);
        }

        // An API key acts as its user: here, a member's own key.
        using var mint = await owner.PostAsJsonAsync("/api/shared_spaces/1001/api_keys", new { data = new[] { new { name = "matrix" } } }, Cancel);
        var key = (await mint.ReadObjectAsync()).Data()[0]!;
        var client = app.Anonymous();
        using var signIn = await client.PostAsJsonAsync("/authentication/sign_in", new { client_id = key.Text("client_id"), client_secret = key.Text("client_secret") }, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    private Task EnsureOtherScopesAsync() => app.WithDbAsync(async db =>
    {
        if (!db.SharedSpaces.Any(s => s.Id == OtherSpace))
        {
            db.SharedSpaces.Add(new Data.Model.SharedSpace { Id = OtherSpace, Name = "Another space", CreatedAt = app.Time.GetUtcNow() });
            db.Workspaces.Add(new Data.Model.Workspace { Id = OtherSpaceWorkspace, SharedSpaceId = OtherSpace, Name = "Its workspace" });
            db.Workspaces.Add(new Data.Model.Workspace { Id = OtherWorkspace, SharedSpaceId = 1001, Name = "Another workspace of 1001" });
            await db.SaveChangesAsync(Cancel);
        }

        return true;
    });

    /// <summary>Let through (anything but 401, 403 and 5xx, and not the not-found of a hidden scope), refused, or hidden.</summary>
    private static Outcome OutcomeOf(string pattern, HttpResponseMessage response, string text) => (int)response.StatusCode switch
    {
        401 => Outcome.Unauthenticated,
        403 when IsErrorShape(pattern, response, text, "platform.forbidden") => Outcome.Forbidden,
        404 when text.Contains("The workspace with id", StringComparison.Ordinal) || text.Contains("The shared_space with id", StringComparison.Ordinal) => Outcome.Hidden,
        403 or >= 500 => (Outcome)(-1),
        _ => Outcome.Through,
    };

    /// <summary>A kind of caller and the roles it holds (space, workspace).</summary>
    private sealed record Caller(string Name, params (string Role, long? Space, long? Workspace)[] Roles)
    {
        public static readonly Caller[] All =
        [
            new("site_admin", ("site_admin", null, null)),
            new("space_admin", ("space_admin", 1001, null)),
            new("workspace_admin", ("workspace_admin", 1001, 1002)),
            new("member", ("member", 1001, 1002)),
            new("viewer", ("viewer", 1001, 1002)),
            new("no_role"),
            new("other_workspace_admin", ("workspace_admin", 1001, OtherWorkspace)),
            new("other_space_admin", ("space_admin", OtherSpace, null)),
            new("api_key", ("member", 1001, 1002)),
            new("anonymous"),
        ];

        private bool IsSiteAdmin => Roles.Any(r => r.Role == "site_admin");

        private bool IsSpaceAdmin => IsSiteAdmin || Roles.Any(r => r.Role == "space_admin" && r.Space == 1001);

        private bool InSpace => IsSiteAdmin || Roles.Any(r => r.Space == 1001);

        private string? WorkspaceRole => IsSpaceAdmin ? "workspace_admin" : Roles.FirstOrDefault(r => r.Workspace == 1002).Role;

        public Outcome Expect(Access access) => Name == "anonymous" ? (access == Access.Public ? Outcome.Through : Outcome.Unauthenticated) : access switch
        {
            Access.Public or Access.Signed => Outcome.Through,
            Access.SiteAdmin => IsSiteAdmin ? Outcome.Through : Outcome.Forbidden,
            Access.SpaceMember => InSpace ? Outcome.Through : Outcome.Hidden,
            Access.SpaceAdmin => !InSpace ? Outcome.Hidden : IsSpaceAdmin ? Outcome.Through : Outcome.Forbidden,
            Access.WorkspaceViewer => WorkspaceRole is null ? Outcome.Hidden : Outcome.Through,
            Access.WorkspaceMember => WorkspaceRole is null ? Outcome.Hidden : WorkspaceRole == "viewer" ? Outcome.Forbidden : Outcome.Through,
            _ => WorkspaceRole is null ? Outcome.Hidden : WorkspaceRole == "workspace_admin" ? Outcome.Through : Outcome.Forbidden,
        };
    }

    private List<(string Key, string Pattern, string Method, RouteEndpoint Endpoint)> Endpoints()
    {
        app.SkipUnlessAvailable();
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        return [.. source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Where(m => m != HttpMethods.Options)
                .Select(m => (Key: $"{m} {e.RoutePattern.RawText}", Pattern: e.RoutePattern.RawText ?? "", Method: m, Endpoint: e)))
            .DistinctBy(e => e.Key)
            .OrderBy(e => e.Key, StringComparer.Ordinal)];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, (string Key, string Pattern, string Method, RouteEndpoint Endpoint) endpoint)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Url(endpoint.Endpoint.RoutePattern));
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, Cancel);
    }

    private static string Url(RoutePattern pattern)
    {
        var builder = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            builder.Append('/');
            foreach (var part in segment.Parts)
            {
                builder.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => Samples.TryGetValue(parameter.Name, out var sample) ? sample
                        // The UI's pages are only swept for crashes; any plausible value will do there.
                        : !IsServerPath(pattern.RawText ?? "") ? "1001"
                        : throw new InvalidOperationException($"Add a sample value for the route parameter '{parameter.Name}' of {pattern.RawText}."),
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                });
            }
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    private static bool IsServerPath(string pattern) =>
        ServerPrefixes.Any(p => pattern.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Octane's error JSON with the code on /api and /authentication; problem details elsewhere.</summary>
    private static bool IsErrorShape(string pattern, HttpResponseMessage response, string text, string code)
    {
        var octane = pattern.StartsWith("/api", StringComparison.Ordinal) || pattern.StartsWith("/internal-api", StringComparison.Ordinal) || pattern.StartsWith("/authentication", StringComparison.Ordinal);
        var media = response.Content.Headers.ContentType?.MediaType;
        if (!octane)
        {
            return media == "application/problem+json";
        }

        return media == "application/json" && JsonNode.Parse(text) is JsonObject body && body.Text("error_code") == code && body.ContainsKey("correlation_id");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

public sealed class SqliteAuthorizationMatrixTests(SqliteApplication app) : AuthorizationMatrixTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresAuthorizationMatrixTests(PostgresApplication app) : AuthorizationMatrixTests(app), IClassFixture<PostgresApplication>;
