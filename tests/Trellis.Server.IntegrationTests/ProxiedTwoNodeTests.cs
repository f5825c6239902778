using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// Two node processes behind the reference proxy, proving docs/deployment.md, "Several nodes: what needs affinity":
/// a session and a form from one node work on the other, a configuration change reaches the other within a second,
/// and a node killed while clients work costs REST clients nothing and moves browsers to the survivor.
/// </summary>
public sealed class ProxiedTwoNodeTests(ProxiedTwoNodes deployment) : IClassFixture<ProxiedTwoNodes>
{
    private const string AffinityCookie = ServerProcess.AffinityCookie;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private (ServerProcess First, ServerProcess Second, ServerProcess Proxy) Processes()
    {
        if (deployment.First is null || deployment.Second is null || deployment.Proxy is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        return (deployment.First, deployment.Second, deployment.Proxy);
    }

    [Fact]
    public async Task ASignInThroughTheProxyIsASessionOnBothNodes()
    {
        var (first, second, proxy) = Processes();
        using var viaProxy = proxy.Client();
        using var signIn = await viaProxy.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        Assert.True(signIn.StatusCode == HttpStatusCode.OK, $"Sign-in answered {(int)signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync(Cancel)}\n{proxy.Output}");
        var cookie = SessionCookies.From(signIn);

        foreach (var node in new[] { first, second })
        {
            using var client = node.Client();
            using var me = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", cookie);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        // REST answers carry no affinity cookie (any node serves them); the UI's do.
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var restCookies) ? restCookies : [], c => c.StartsWith(AffinityCookie + "=", StringComparison.Ordinal));
        using var page = await viaProxy.GetAsync("/login", Cancel);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AffinityCookie + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSignInFormFetchedFromOneNodeIsAcceptedByTheOther()
    {
        var (first, second, _) = Processes();
        using var one = first.Client();
        using var two = second.Client();

        using var response = await SignInForm.PostAsync(two, await SignInForm.FetchAsync(one));

        SignInForm.AssertSignedIn(response);
    }

    [Fact]
    public async Task AConfigurationSavedOnOneNodeIsServedByTheOtherWithinASecond()
    {
        var (first, second, _) = Processes();
        using var one = await SignedInAsync(first);
        using var two = await SignedInAsync(second);
        const string applicable = TrellisApplication.Base + "/external-actions/applicable?entity_type=defect&view=list";
        var name = "from_node_one_" + Guid.NewGuid().ToString("N")[..8];
        // The second node holds its compiled catalog before the change.
        Assert.DoesNotContain((await two.GetObjectAsync(applicable)).Data(), a => a.Text("name") == name);

        using var put = await ActionConfigurationTests.PutAsync(one, ActionConfigurationTests.Single(name, "https://example.com/fresh"), null);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var seen = await Eventually.HoldsAsync(
            async () => (await two.GetObjectAsync(applicable)).Data().Any(a => a.Text("name") == name), TimeSpan.FromSeconds(1));
        Assert.True(seen, "The second node did not serve the new configuration within a second.");
    }

    [Fact]
    public async Task ANodeKilledWhileClientsWork_CostsRestClientsNothing_AndMovesBrowsersToTheSurvivor()
    {
        var (_, second, proxy) = Processes();
        using var rest = await SignedInAsync(proxy);
        // Two browsers: the UI cluster hands out nodes in turn, so they are pinned to different nodes.
        var browsers = new[] { new CookieContainer(), new CookieContainer() };
        foreach (var jar in browsers)
        {
            using var browser = await SignedInAsync(proxy, jar);
            Assert.True(await ShowsSignedInPageAsync(browser), "The UI did not open signed in through the proxy.");
        }

        var pinnedBefore = browsers.Select(AffinityOf).ToHashSet();
        Assert.Equal(2, pinnedBefore.Count);

        // REST clients keep reading through the proxy while the second node is killed under them.
        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var url = i % 2 == 0 ? "/api/current_user" : TrellisApplication.Base + "/defects?fields=name&limit=5";
            while (!stop.IsCancellationRequested)
            {
                using var response = await rest.GetAsync(url, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref answered);
                }
                else
                {
                    failures.Enqueue($"GET {url}: {(int)response.StatusCode}");
                }
            }
        }, CancellationToken.None)).ToList();

        await Task.Delay(500, Cancel);
        second.Kill();
        try
        {
            await Task.Delay(3000, Cancel);
            var afterKill = answered;
            await Task.Delay(1000, Cancel);
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            Assert.True(failures.IsEmpty, $"{failures.Count} requests failed through the proxy, first: {failures.FirstOrDefault()}\nproxy:\n{proxy.Output}");
            Assert.True(answered > afterKill, "No request was answered well after the node was killed.");
            // Writes go on too.
            Assert.Single(await rest.CreateDefectsAsync("Written after a node was lost"));

            // Both browsers still open the UI signed in, now both on the survivor (the session and the key ring are shared).
            foreach (var jar in browsers)
            {
                using var browser = BrowserOn(proxy, jar);
                Assert.True(await ShowsSignedInPageAsync(browser), "A browser was not signed in on the surviving node.");
            }

            Assert.Single(browsers.Select(AffinityOf).ToHashSet());
        }
        finally
        {
            await stop.CancelAsync();
            // The node comes back and is ready again, as after a restart, for the tests that follow.
            await second.StartAsync();
            await deployment.BothNodesInTurnAsync();
        }
    }

    private static async Task<HttpClient> SignedInAsync(ServerProcess target, CookieContainer? jar = null)
    {
        var client = BrowserOn(target, jar ?? new CookieContainer());
        using var response = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Sign-in at {target.Address} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}\n{target.Output}");
        return client;
    }

    private static HttpClient BrowserOn(ServerProcess target, CookieContainer jar) => target.Client(cookies: jar);

    // The start page of a signed-in user redirects to a workspace; a signed-out one to /login.
    private static async Task<bool> ShowsSignedInPageAsync(HttpClient browser)
    {
        using var start = await browser.GetAsync("/", Cancel);
        return start.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found
            && start.Headers.Location?.ToString().Contains("login", StringComparison.OrdinalIgnoreCase) != true
            && !(await start.Content.ReadAsStringAsync(Cancel)).Contains("Input.Password", StringComparison.Ordinal);
    }

    private static string AffinityOf(CookieContainer jar) =>
        jar.GetAllCookies().FirstOrDefault(c => c.Name == AffinityCookie)?.Value ?? "";
}
