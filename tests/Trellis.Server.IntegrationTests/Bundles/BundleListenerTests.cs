using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Trellis.Application.Platform;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>The server on real sockets with no bundle origin configured: Kestrel on <c>urls</c>, which gets a bundle twin on the next port.</summary>
public sealed class AutomaticBundleListenerApplication : TrellisApplication
{
    public AutomaticBundleListenerApplication()
        : base(DatabaseProvider.Sqlite)
    {
        MainPort = FreePortPair();
        UseKestrel();
    }

    /// <summary>Gets the port Trellis listens on; the bundle listener takes the next one.</summary>
    public int MainPort { get; }

    public string Main => $"http://127.0.0.1:{MainPort}";

    public string Bundles => $"http://127.0.0.1:{MainPort + 1}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("urls", Main);
    }

    /// <summary>A free port whose successor is free too.</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= ushort.MaxValue)
            {
                continue;
            }

            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another pair.
            }
        }

        throw new InvalidOperationException("No two adjacent free ports on 127.0.0.1.");
    }
}

/// <summary>The secure default (docs/security.md): without <c>Trellis:Bundles:Origin</c> bundles run on a listener on the next port.</summary>
public sealed class BundleListenerTests(AutomaticBundleListenerApplication app) : IClassFixture<AutomaticBundleListenerApplication>
{
    private const string Files = "/api/shared_spaces/1001/external-entity-actions/bundle/";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutAConfiguredOrigin_TheNextPortServesBundlesAndWorkspaceDataOnly()
    {
        app.StartServer();
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        using (var signIn = await client.PostAsJsonAsync($"{app.Main}/authentication/sign_in", new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        using var redirect = await client.GetAsync($"{app.Main}{Files}feature-children/index.html", Cancel);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal($"{app.Bundles}{Files}feature-children/index.html", redirect.Headers.Location!.ToString());

        // Cookies belong to the host, not the port: the session arrives on the bundle listener.
        using var page = await client.GetAsync(redirect.Headers.Location, Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal($"frame-ancestors 'self' {app.Main}", page.Headers.GetValues("Content-Security-Policy").Single());
        using var workItems = await client.GetAsync($"{app.Bundles}{TrellisApplication.Base}/work_items?fields=name&limit=1", Cancel);
        Assert.Equal(HttpStatusCode.OK, workItems.StatusCode);
        using var parameters = await client.GetAsync($"{app.Bundles}/admin/params", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, parameters.StatusCode);
        using var ownParameters = await client.GetAsync($"{app.Main}/admin/params", Cancel);
        Assert.Equal(HttpStatusCode.OK, ownParameters.StatusCode);

        using var launch = await client.PostAsJsonAsync($"{app.Main}{TrellisApplication.Base}/external-actions/panel_notes/launch",
            new { view = "list", module = "backlog", entity_type = "work_item" }, Cancel);
        var ticket = await launch.ReadObjectAsync();
        Assert.StartsWith($"{app.Bundles}{Files}panel-settings/index.html?", ticket.Text("url"), StringComparison.Ordinal);
        Assert.Equal(app.Bundles, ticket.Text("app_origin"));
    }

    [Theory]
    [InlineData(null, "http://localhost:5001")]
    [InlineData("http://localhost:5080", "http://localhost:5081")]
    [InlineData("http://*:8080;https://+:8443/", "http://*:8081 https://+:8444")]
    [InlineData("http://[::1]:7000", "http://[::1]:7001")]
    [InlineData("http://127.0.0.1:5000;http://127.0.0.1:5001", "http://127.0.0.1:5002")]
    [InlineData("http://127.0.0.1:0", "")]
    public void ThePlanAddsTheNextPortOfEachAddress(string? urls, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();
        var (plan, _) = BundleListenerPlan.For(configuration);
        Assert.Equal(expected, string.Join(' ', plan.Urls));
    }

    [Theory]
    [InlineData("Trellis:Bundles:Origin", "http://localhost:5001")]
    [InlineData("Kestrel:Endpoints:Main:Url", "http://localhost:5000")]
    public void AConfiguredOriginOrEndpointsMeanNoAutomaticListener(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        Assert.Empty(BundleListenerPlan.For(configuration).Plan.Urls);
    }

    [Fact]
    public async Task AnInvalidBundleOrigin_StopsTheStartSayingWhichKey()
    {
        await using var application = new SqliteApplication();
        await using var factory = application.WithWebHostBuilder(builder => builder.UseSetting("Trellis:Bundles:Origin", "localhost:5001"));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Trellis:Bundles:Origin must be an http or https origin without a path, such as http://localhost:5001, not 'localhost:5001'", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://localhost:5001/trellis", "Trellis:Bundles:Origin must be an http or https origin without a path")]
    [InlineData(null, "javascript:alert(1)", "Trellis:Bundles:Origin must be an http or https origin without a path")]
    [InlineData("https://trellis.example.com", "https://trellis.example.com:443", "must differ from Trellis:PublicBaseUrl")]
    [InlineData("not a url", null, "Trellis:PublicBaseUrl must be an absolute http or https URL")]
    public void BadAddressesAreRefusedSayingWhichKey(string? publicBaseUrl, string? bundleOrigin, string message)
    {
        var options = new PublicUrlOptions { PublicBaseUrl = publicBaseUrl, BundleOrigin = bundleOrigin };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();
        Assert.Contains(errors, e => e!.Contains(message, StringComparison.Ordinal));
    }
}
