using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Trellis.Server.IntegrationTests;

/// <summary>The UI's pages carry nosniff, a referrer policy and a Content-Security-Policy that Blazor Server and MudBlazor run under.</summary>
public sealed partial class UiSecurityHeadersTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheSignInPageCarriesNosniffAReferrerPolicyAndAPolicyWhoseNonceIsOnTheImportMap()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/login", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self' 'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var again = await client.GetAsync("/login", Cancel);
        Assert.NotEqual(nonce, Nonce().Match(Assert.Single(again.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value);
    }

    [Fact]
    public async Task AWorkspacePageKeepsItsFrameSourcesInsideTheOnePolicy()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync("/1001/1002/backlog", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("; frame-src 'self'[^;]*; frame-ancestors 'self';", policy);
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task ApiAnswersCarryNosniffButNoPagePolicy()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync("/api/current_user", Cancel);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task NoCatchAllAssetRouteStatsTheDiskOrServesAnUnlistedFile()
    {
        // MapStaticAssets' development fallback ({**path:file}) would check the disk on every request that reaches routing.
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        Assert.DoesNotContain(routes, r => r.RoutePattern.ParameterPolicies.Values.SelectMany(p => p).Any(p => p.Content == "file" || p.ParameterPolicy?.GetType().Name == "FileExistsConstraint"));

        using var client = app.Anonymous();
        using var listed = await client.GetAsync("/favicon.svg", Cancel);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    [GeneratedRegex("script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex Nonce();
}
