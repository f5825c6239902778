using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Auth;

namespace Trellis.Server.IntegrationTests;

/// <summary>The site-parameters admin API (docs/reference/site-parameters.md#parameters): problem details, site admins only, validated values.</summary>
public abstract class SiteParametersTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> ValidValues => new()
    {
        { "CORS_ENABLED", " TRUE ", "true" },
        { "SUPPORT_EXTERNAL_ENTITY_ACTIONS_BUNDLE", "False", "false" },
        { "CORS_MAX_AGE", "120", "120" },
        { "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", "HTTPS:, http, ms-teams", "https,http,ms-teams" },
        { "CORS_ALLOW_ORIGIN", "https://a.example.com, http://b.example.com:8080", "https://a.example.com,http://b.example.com:8080" },
        { "CORS_ALLOW_ORIGIN", "*", "*" },
        { "CORS_AUTH_ALLOW_ORIGIN", "", "" },
    };

    public static TheoryData<string, string> InvalidValues => new()
    {
        { "CORS_ENABLED", "yes" },
        { "EXTERNAL_ACTIONS_USER_IDENTITY_TOKEN", "1" },
        { "CORS_MAX_AGE", "-1" },
        { "CORS_MAX_AGE", "ten" },
        { "CORS_MAX_AGE", "86401" },
        { "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", "https,javascript" },
        { "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", "https,DATA:" },
        { "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", "ht tp" },
        { "CORS_ALLOW_ORIGIN", "https://a.example.com/path" },
        { "CORS_AUTH_ALLOW_ORIGIN", "ftp://a.example.com" },
        { "CORS_AUTH_ALLOW_ORIGIN", "a.example.com" },
    };

    [Fact]
    public async Task ASiteAdminSeesEveryParameterWithValueDefaultAndSource()
    {
        using var admin = await app.SignedInAsync();
        var body = await admin.GetObjectAsync("/admin/params");
        var names = body.Data().Select(p => p.Text("name")).ToList();
        Assert.Equal(9, names.Count);
        var protocols = body.Data().Single(p => p.Text("name") == "ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS");
        Assert.Equal("https,http,mailto", protocols.Text("default"));
        Assert.Contains(protocols.Text("source"), new[] { "default", "override" });
    }

    [Theory]
    [MemberData(nameof(ValidValues))]
    public async Task AValidValueIsStoredNormalisedAndAudited(string name, string value, string stored)
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.PutAsJsonAsync($"/admin/params/{name}", new { value }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal((name, stored, "override"), (body.Text("name"), body.Text("value"), body.Text("source")));
        var listed = (await admin.GetObjectAsync("/admin/params")).Data().Single(p => p.Text("name") == name);
        Assert.Equal(stored, listed.Text("value"));
        Assert.True(await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "site_parameter.set" && a.Target == name)));
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task AnInvalidValueIsRefusedWithAValidationProblem(string name, string value)
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.PutAsJsonAsync($"/admin/params/{name}", new { value }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]?["value"]);
    }

    [Fact]
    public async Task AnUnknownNameGets404AndAMissingValue400()
    {
        using var admin = await app.SignedInAsync();
        using var unknown = await admin.PutAsJsonAsync("/admin/params/NO_SUCH_PARAMETER", new { value = "x" }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var missing = await admin.PutAsJsonAsync("/admin/params/CORS_ENABLED", new { other = "x" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task OnlySiteAdminsReadOrWriteParameters()
    {
        using var anonymous = app.Anonymous();
        using var unauthenticated = await anonymous.GetAsync("/admin/params", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("application/problem+json", unauthenticated.Content.Headers.ContentType?.MediaType);
        foreach (var role in new[] { Roles.Viewer, Roles.Member, Roles.WorkspaceAdmin })
        {
            using var client = await app.CreateClientAsync(role);
            using var read = await client.GetAsync("/admin/params", Cancel);
            using var write = await client.PutAsJsonAsync("/admin/params/CORS_ENABLED", new { value = "true" }, Cancel);
            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (read.StatusCode, write.StatusCode));
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        }
    }
}

public sealed class SqliteSiteParametersTests(SqliteApplication app) : SiteParametersTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresSiteParametersTests(PostgresApplication app) : SiteParametersTests(app), IClassFixture<PostgresApplication>;
