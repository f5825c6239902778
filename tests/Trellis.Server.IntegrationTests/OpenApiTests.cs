using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>The OpenAPI document of the Trellis-only endpoints at <c>/openapi/trellis.json</c>.</summary>
public sealed class OpenApiTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private const string Workspace = "/api/shared_spaces/{sharedSpaceId}/workspaces/{workspaceId}";
    private const string Actions = "/api/shared_spaces/{sharedSpaceId}/external-entity-actions";

    public static TheoryData<string, string> TrellisOperations => new()
    {
        { "get", Workspace + "/external-actions/applicable" },
        { "post", Workspace + "/external-actions/{name}/launch" },
        { "get", Workspace + "/external-actions/{name}/settings" },
        { "put", Workspace + "/external-actions/{name}/settings" },
        { "post", Workspace + "/metadata/fields" },
        { "delete", Workspace + "/metadata/fields/{name}" },
        { "get", Actions + "/history" },
        { "get", Actions + "/history/{version}" },
        { "post", Actions + "/history/{version}/restore" },
        { "get", Actions + "/bundles" },
        { "put", Actions + "/bundles/{guid}" },
        { "delete", Actions + "/bundles/{guid}" },
        { "get", "/api/shared_spaces/{sharedSpaceId}/api_keys" },
        { "post", "/api/shared_spaces/{sharedSpaceId}/api_keys" },
        { "delete", "/api/shared_spaces/{sharedSpaceId}/api_keys/{keyId}" },
        { "get", "/admin/params" },
        { "put", "/admin/params/{name}" },
        { "get", "/.well-known/jwks.json" },
        { "post", "/admin/identity-keys/rotate" },
        { "get", "/admin/shared_spaces/{sharedSpaceId}/launch-messages" },
    };

    public static TheoryData<string> OctanePaths => new()
    {
        Workspace + "/{collection}",
        Workspace + "/{collection}/{id}",
        Workspace + "/attachments",
        Workspace + "/metadata/entities",
        Actions,
        Actions + "/",
        Actions + "/bundle",
        "/api/shared_spaces/{sharedSpaceId}/users",
        "/api/shared_spaces",
        "/api/current_user",
        "/api/jwt/key",
        "/authentication/sign_in",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TrellisOperations))]
    public async Task Document_ListsEachTrellisOnlyOperation(string method, string path)
    {
        var paths = await PathsAsync();

        Assert.True(paths[path] is JsonObject item && item.ContainsKey(method), $"{method} {path} is missing; the document has: {string.Join(", ", paths.Select(p => p.Key))}");
    }

    [Theory]
    [MemberData(nameof(OctanePaths))]
    public async Task Document_LeavesOutTheOctaneCompatibleEndpoints(string path)
    {
        var paths = await PathsAsync();

        Assert.False(paths.ContainsKey(path), path);
    }

    [Fact]
    public async Task Document_IsAnonymousOpenApiWithTheTrellisTitle()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/openapi/trellis.json", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadObjectAsync();
        Assert.StartsWith("3.", document.Text("openapi"), StringComparison.Ordinal);
        Assert.Equal("Trellis", document["info"].Text("title"));
        Assert.All(document["paths"]!.AsObject(), p => Assert.True(p.Key.StartsWith("/api/", StringComparison.Ordinal) || p.Key.StartsWith("/admin/", StringComparison.Ordinal) || p.Key == "/.well-known/jwks.json", p.Key));
    }

    [Fact]
    public async Task Document_DescribesTheLaunchBodyTicketAndErrors()
    {
        var launch = (await PathsAsync())[Workspace + "/external-actions/{name}/launch"]!["post"]!;

        Assert.Equal("#/components/schemas/LaunchRequest", launch["requestBody"]!["content"]!["application/json"]!["schema"].Text("$ref"));
        Assert.Equal("#/components/schemas/LaunchTicket", launch["responses"]!["200"]!["content"]!["application/json"]!["schema"].Text("$ref"));
        Assert.Equal("#/components/schemas/OctaneErrorBody", launch["responses"]!["404"]!["content"]!["application/json"]!["schema"].Text("$ref"));
    }

    private async Task<JsonObject> PathsAsync()
    {
        using var client = app.Anonymous();
        var document = await client.GetObjectAsync("/openapi/trellis.json");
        return document["paths"]!.AsObject();
    }
}
