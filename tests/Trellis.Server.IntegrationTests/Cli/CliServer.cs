using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests.Cli;

/// <summary>
/// The whole server on Kestrel at a free 127.0.0.1 port with SQLite and the demo data, so the <c>trellis</c> tool talks
/// to it over a real socket, in-process or as its own process.
/// </summary>
public sealed class CliServer : TrellisApplication, IAsyncLifetime
{
    public CliServer()
        : base(DatabaseProvider.Sqlite) => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Gets where the server listens, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = default!;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        StartServer();
        Address = ClientOptions.BaseAddress;
    }

    /// <summary>A new API key of the admin, as Octane hands them out: a client id and a secret shown once.</summary>
    public async Task<(string ClientId, string ClientSecret)> CreateApiKeyAsync()
    {
        using var admin = await AdminAsync();
        using var response = await admin.PostAsJsonAsync("/api/shared_spaces/1001/api_keys", new { data = new[] { new { name = "cli" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.ReadObjectAsync()).Data()[0]!;
        return (key.Text("client_id")!, key.Text("client_secret")!);
    }

    /// <summary>A REST client on <see cref="Address"/> signed in as the admin, to change things behind the tool's back.</summary>
    public async Task<HttpClient> AdminAsync()
    {
#pragma warning disable CA2000 // The client owns its handler.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Address };
#pragma warning restore CA2000
        using var response = await client.PostAsJsonAsync("/authentication/sign_in", new { user = AdminLogin, password = AdminPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>The current configuration as the server answers it.</summary>
    public async Task<(int Version, JsonArray Data)> CurrentAsync()
    {
        using var admin = await AdminAsync();
        using var response = await admin.GetAsync("/api/shared_spaces/1001/external-entity-actions/", TestContext.Current.CancellationToken);
        return (int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture), (await response.ReadObjectAsync()).Data());
    }
}
