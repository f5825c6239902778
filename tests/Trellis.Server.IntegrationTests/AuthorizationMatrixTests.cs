using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Server.Features.Auth;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// Every endpoint the application maps, against an anonymous caller and a workspace member without an admin role.
/// Each endpoint on the server's own prefixes must be classified below: a new one that is not fails the test until
/// someone decides who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private const string Workspace = "/api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}";
    private const string Actions = "/api/shared_spaces/{sharedSpaceId:long}/external-entity-actions";
    private const string Space = "/api/shared_spaces/{sharedSpaceId:long}";

    /// <summary>The prefixes whose endpoints must all be classified (the UI's pages are checked only for never failing).</summary>
    private static readonly string[] ServerPrefixes = ["/api", "/internal-api", "/admin", "/authentication", "/.well-known", "/openapi", "/healthz", "/ui/external-actions"];

    /// <summary>Who may call each endpoint, by method and route pattern as mapped.</summary>
    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.Ordinal)
    {
        // Anonymous by design (SPEC.md §10.1, §11, §12.1) or harmless.
        ["GET /healthz"] = Access.Public,
        ["POST /authentication/sign_in"] = Access.Public,
        ["POST /authentication/sign_out"] = Access.Public,
        ["GET /admin/server/version"] = Access.Public,
        ["GET /api/jwt/key"] = Access.Public,
        ["GET /.well-known/jwks.json"] = Access.Public,
        ["GET /ui/external-actions/style/alm-octane-style.css"] = Access.Public,
        ["GET /openapi/{documentName}.json"] = Access.Public,

        // Any signed-in user; the workspace or space check comes after authentication.
        ["GET /api/current_user"] = Access.Member,
        ["GET /api/shared_spaces"] = Access.Member,
        ["GET " + Space] = Access.Member,
        ["GET " + Space + "/workspaces"] = Access.Member,
        ["GET " + Workspace] = Access.Member,
        ["GET /api/{**path}"] = Access.Member,
        ["GET " + Workspace + "/metadata/entities"] = Access.Member,
        ["GET " + Workspace + "/metadata/fields"] = Access.Member,
        ["POST " + Workspace + "/metadata/fields"] = Access.WorkspaceAdmin,
        ["DELETE " + Workspace + "/metadata/fields/{name}"] = Access.WorkspaceAdmin,
        ["GET " + Workspace + "/{collection}"] = Access.Member,
        ["GET " + Workspace + "/{collection}/{id}"] = Access.Member,
        ["GET " + Workspace + "/{collection}/groups"] = Access.Member,
        ["GET /internal-api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}/ali/validateCommitPattern"] = Access.Member,
        ["POST " + Workspace + "/{collection}"] = Access.Member,
        ["PUT " + Workspace + "/{collection}"] = Access.Member,
        ["PUT " + Workspace + "/{collection}/{id}"] = Access.Member,
        ["DELETE " + Workspace + "/{collection}"] = Access.Member,
        ["DELETE " + Workspace + "/{collection}/{id}"] = Access.Member,
        ["POST " + Workspace + "/attachments"] = Access.Member,
        ["GET " + Workspace + "/attachments/{id}"] = Access.Member,
        ["GET " + Workspace + "/attachments/{id}/{fileName}"] = Access.Member,
        ["GET " + Workspace + "/external-actions/applicable"] = Access.Member,
        ["POST " + Workspace + "/external-actions/{name}/launch"] = Access.Member,
        ["GET " + Workspace + "/external-actions/{name}/settings/"] = Access.Member,
        ["PUT " + Workspace + "/external-actions/{name}/settings/"] = Access.Member,
        ["GET " + Actions + "/"] = Access.Member,
        ["GET " + Actions + "/bundle/{**path}"] = Access.Member,
        ["GET " + Space + "/users"] = Access.Member,
        ["GET " + Space + "/users/{userId:long}"] = Access.Member,

        // Shared-space admins (SPEC.md §7.2, §8, §12.1).
        ["PUT " + Actions + "/"] = Access.SpaceAdmin,
        ["GET " + Actions + "/history"] = Access.SpaceAdmin,
        ["GET " + Actions + "/history/{version:int}"] = Access.SpaceAdmin,
        ["POST " + Actions + "/history/{version:int}/restore"] = Access.SpaceAdmin,
        ["POST " + Actions + "/bundle"] = Access.SpaceAdmin,
        ["PUT " + Actions + "/{name}/bundle"] = Access.SpaceAdmin,
        ["GET " + Actions + "/bundles"] = Access.SpaceAdmin,
        ["PUT " + Actions + "/bundles/{guid}"] = Access.SpaceAdmin,
        ["DELETE " + Actions + "/bundles/{guid}"] = Access.SpaceAdmin,
        ["POST " + Space + "/users"] = Access.SpaceAdmin,
        ["PUT " + Space + "/users/{userId:long}"] = Access.SpaceAdmin,
        ["GET " + Space + "/api_keys"] = Access.SpaceAdmin,
        ["POST " + Space + "/api_keys"] = Access.SpaceAdmin,
        ["DELETE " + Space + "/api_keys/{keyId:long}"] = Access.SpaceAdmin,
        ["GET /admin/shared_spaces/{sharedSpaceId:long}/launch-messages/"] = Access.SpaceAdmin,

        // Site admins (SPEC.md §9, §11).
        ["GET /admin/params/"] = Access.SiteAdmin,
        ["PUT /admin/params/{name}"] = Access.SiteAdmin,
        ["POST /admin/identity-keys/rotate"] = Access.SiteAdmin,
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

    private enum Access
    {
        Public,
        Member,
        WorkspaceAdmin,
        SpaceAdmin,
        SiteAdmin,
    }

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
            var access = Matrix.GetValueOrDefault(endpoint.Key, Access.Member);
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

    [Fact]
    public async Task AWorkspaceMemberWithoutAnAdminRole_Gets403OnAdminEndpoints_AndIsLetThroughElsewhere()
    {
        using var member = await app.CreateClientAsync(Roles.Member);
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => IsServerPath(e.Pattern) && Matrix.GetValueOrDefault(e.Key) != Access.Public))
        {
            using var response = await SendAsync(member, endpoint);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Cancel);
            if (Matrix[endpoint.Key] is Access.WorkspaceAdmin or Access.SpaceAdmin or Access.SiteAdmin)
            {
                if (status != 403 || !IsErrorShape(endpoint.Pattern, response, text, "platform.forbidden"))
                {
                    failures.Add($"{endpoint.Key} answered {status}: {Shorten(text)}");
                }
            }
            else if (status is 401 or 403 or >= 500)
            {
                failures.Add($"{endpoint.Key} refused a member with {status}: {Shorten(text)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task ASpaceAdminWhoIsNotASiteAdmin_Gets403OnSiteAdminEndpoints_AndIsLetThroughOnSpaceAdminEndpoints()
    {
        var login = $"space-admin-{Guid.NewGuid():N}@example.com";
        var userId = await app.AddUserAsync(login, "Space-Admin-Password-1", Roles.Member);
        await app.WithDbAsync(async db =>
        {
            db.RoleAssignments.Add(new Data.Model.RoleAssignment { UserId = userId, Role = Roles.SpaceAdmin, SharedSpaceId = 1001 });
            return await db.SaveChangesAsync(Cancel);
        });
        using var spaceAdmin = await app.SignedInAsync(login, "Space-Admin-Password-1");
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => Matrix.GetValueOrDefault(e.Key) is Access.WorkspaceAdmin or Access.SpaceAdmin or Access.SiteAdmin))
        {
            using var response = await SendAsync(spaceAdmin, endpoint);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Cancel);
            var refused = status == 403 && IsErrorShape(endpoint.Pattern, response, text, "platform.forbidden");
            if (Matrix[endpoint.Key] == Access.SiteAdmin ? !refused : status is 401 or 403 or >= 500)
            {
                failures.Add($"{endpoint.Key} ({Matrix[endpoint.Key]}) answered {status}: {Shorten(text)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task AWorkspaceViewer_Gets403OnEveryEntityWrite()
    {
        using var viewer = await app.CreateClientAsync(Roles.Viewer);
        var writes = Endpoints().Where(e => e.Method != HttpMethods.Get && e.Pattern.StartsWith(Workspace + "/", StringComparison.Ordinal)
            && !e.Pattern.Contains("/external-actions/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(writes);
        var failures = new List<string>();
        foreach (var endpoint in writes)
        {
            using var response = await SendAsync(viewer, endpoint);
            var text = await response.Content.ReadAsStringAsync(Cancel);
            if ((int)response.StatusCode != 403 || !IsErrorShape(endpoint.Pattern, response, text, "platform.forbidden"))
            {
                failures.Add($"{endpoint.Key} answered {(int)response.StatusCode}: {Shorten(text)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
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
