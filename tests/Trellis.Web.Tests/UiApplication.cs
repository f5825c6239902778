using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trellis.Data;
using Trellis.Server.IntegrationTests;

namespace Trellis.Web.Tests;

/// <summary>
/// The whole server on Kestrel at a free 127.0.0.1 port (a browser needs a real socket), with its bundle origin on a
/// second port of the same host (docs/security.md), on its own SQLite file with the demo data; each test class gets its own.
/// </summary>
public sealed class UiApplication : TrellisApplication, IAsyncLifetime
{
    public UiApplication()
        : this(null, 0, FreePort())
    {
    }

    /// <summary>A server on given ports over a data folder it does not own: stopped and started again, it is a restarted server.</summary>
    internal UiApplication(string? dataDirectory, int port, int bundlePort)
        : base(DatabaseProvider.Sqlite, dataDirectory: dataDirectory)
    {
        BundlePort = bundlePort;
        UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Listen(IPAddress.Loopback, BundlePort);
        });
    }

    /// <summary>Gets where the server listens, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = default!;

    /// <summary>Gets the origin bundles are served from, such as <c>http://127.0.0.1:41240</c>.</summary>
    public string BundleOrigin => $"http://127.0.0.1:{BundlePort}";

    private int BundlePort { get; }

    /// <summary>Starts the server (the test framework does it for a class fixture).</summary>
    public async ValueTask StartAsync() => await ((IAsyncLifetime)this).InitializeAsync();

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.Select(a => new Uri(a)).First(a => a.Port != BundlePort).GetLeftPart(UriPartial.Authority) + "/");
        ClientOptions.BaseAddress = Address;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Trellis:Bundles:Origin", BundleOrigin);
    }

    /// <summary>A port of 127.0.0.1 free now.</summary>
    internal static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port below the kernel's range for outgoing connections, for a server that stops and starts again on it:
    /// a port from <see cref="FreePort"/> can become the local end of another test's connection while the server is down.
    /// </summary>
    internal static int RestartablePort()
    {
        var range = File.Exists(EphemeralRange) ? File.ReadAllText(EphemeralRange).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) : [];
        var below = range.Length > 0 && int.TryParse(range[0], out var low) ? low : 32768;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(10_000, below);
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Taken; try another.
            }
        }

        return FreePort();
    }

    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    private readonly SemaphoreSlim _actionsGate = new(1, 1);
    private bool _actionsStored;

    /// <summary>
    /// Stores the space's action configuration the first time a test of the class asks (the tests of one class share
    /// one server and one configuration); later calls change nothing.
    /// </summary>
    public async Task StoreActionsOnceAsync(Func<string> json)
    {
        ArgumentNullException.ThrowIfNull(json);
        await _actionsGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_actionsStored)
            {
                return;
            }

            using var admin = await AdminRestClientAsync();
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/shared_spaces/1001/external-entity-actions") { Content = new StringContent(json()) };
            using var response = await admin.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            _actionsStored = true;
        }
        finally
        {
            _actionsGate.Release();
        }
    }

    /// <summary>An HTTP client on <see cref="Address"/> signed in as the admin, for REST set-up beside the browser.</summary>
    public async Task<HttpClient> AdminRestClientAsync()
    {
#pragma warning disable CA2000 // The client owns its handler.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Address };
#pragma warning restore CA2000
        using var response = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = AdminLogin, password = AdminPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>Creates a defect in workspace 1002 through REST, as the admin; its id.</summary>
    public async Task<string> CreateDefectAsync(string name, string? description = null)
    {
        using var client = await AdminRestClientAsync();
        using var response = await client.PostAsJsonAsync("/api/shared_spaces/1001/workspaces/1002/defects",
            new { data = new[] { new { name, description } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(TestContext.Current.CancellationToken);
        return body!["data"]![0]!["id"]!.GetValue<string>();
    }

    /// <summary>Adds a comment to work item <paramref name="id"/> through REST, as the admin.</summary>
    public async Task AdminCommentsAsync(string id, string html)
    {
        using var client = await AdminRestClientAsync();
        using var posted = await client.PostAsJsonAsync("/api/shared_spaces/1001/workspaces/1002/comments",
            new { data = new[] { new { text = html, owner_work_item = new { type = "work_item", id } } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
    }

    /// <summary>A page in a fresh browser context, signed in through the sign-in page as <paramref name="login"/>.</summary>
    public async Task<IPage> SignedInPageAsync(Chromium chromium, string login = AdminLogin, string password = AdminPassword, string path = "/")
    {
        var page = await chromium.NewPageAsync(Address);
        await page.SignInAsync(login, password, path);
        return page;
    }
}

/// <summary>Waits that tests share.</summary>
public static class PageWaits
{
    /// <summary>Waits until the page's Blazor circuit is live (the shell marks the body), so clicks reach it.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("body[data-trellis-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Opens <paramref name="path"/>, signs in on the sign-in page it leads to, and waits for the live circuit.</summary>
    public static async Task SignInAsync(this IPage page, string login, string password, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await page.GetByLabel("Login").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The address is enough (not its load event, which a redirect after sign-in may replace): what the tests need
        // is the live circuit, which the next wait checks.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForInteractiveAsync();
    }

    /// <summary>The frame of the test app titled <paramref name="title"/>, once its script has set <c>window.app</c>.</summary>
    public static async Task<IFrame> AppFrameAsync(this IPage page, string title)
    {
        var element = await page.Locator($"iframe[title='{title}']").ElementHandleAsync();
        var frame = await element!.ContentFrameAsync();
        Assert.NotNull(frame);
        await frame.WaitForFunctionAsync("() => window.app !== undefined");
        return frame;
    }
}
