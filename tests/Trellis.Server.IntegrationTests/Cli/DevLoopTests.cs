using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests.Cli;

/// <summary><c>trellis new</c> and <c>trellis dev</c>: from nothing to a pushed, launchable action, against the real server.</summary>
public sealed class DevLoopTests(CliServer server) : IClassFixture<CliServer>, IDisposable
{
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";
    private readonly CliUser _user = new();

    [Theory]
    [InlineData("tab", "index.html", null)]
    [InlineData("dialog", "index.html", null)]
    [InlineData("side-panel", "index.html", "side_panel")]
    [InlineData("aviator", null, "aviator_chat")]
    public async Task New_WritesABundleTheServerAcceptsForEachMode(string mode, string? page, string? modeName)
    {
        await LoginAsync();
        var name = "new_" + mode.Replace('-', '_') + "_" + Guid.NewGuid().ToString("N")[..6];
        var folder = _user.PathOf(name);

        var created = await _user.RunAsync("new", name, "--mode", mode, "-o", folder);
        var pushed = await _user.RunAsync("bundle", "push", folder, "--format", "json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var action = JsonNode.Parse(pushed.Output)!["action"]!;
        Assert.Equal(name, action.Text("name"));
        Assert.Equal(modeName, action["mode"]?.Text("name"));
        var entry = name.Replace('_', '-');
        using var admin = await server.AdminAsync();
        var served = await admin.GetStringAsync($"{Actions}/bundle/{entry}{(page is null ? ".txt" : "/" + page)}", TestContext.Current.CancellationToken);
        Assert.Contains(page is null ? "Summarize" : "postMessage", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_IntoAFolderThatHasFiles_WritesNothing()
    {
        var folder = _user.PathOf("taken");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "keep.txt"), "mine", TestContext.Current.CancellationToken);

        var result = await _user.RunAsync("new", "taken", "-o", folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["keep.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Dev_PushesPrintsTheLaunchUrlAndPushesAgainAfterAChange()
    {
        await LoginAsync();
        var name = "dev_" + Guid.NewGuid().ToString("N")[..8];
        var entry = name.Replace('_', '-');
        var folder = _user.PathOf(name);
        Assert.Equal(0, (await _user.RunAsync("new", name, "--mode", "side-panel", "-o", folder)).ExitCode);
        var output = new LockedWriter();
        var error = new LockedWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var dev = _user.RunUntilAsync(output, error, "", stop.Token, "dev", folder);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(output.Text.Contains("Launch URL: ", StringComparison.Ordinal)), TimeSpan.FromSeconds(60)), output.Text + error.Text);
        var launch = output.Text.Split('\n').First(l => l.StartsWith("Launch URL: ", StringComparison.Ordinal))["Launch URL: ".Length..];
        Assert.StartsWith(server.Address.ToString(), launch, StringComparison.Ordinal);
        Assert.Contains($"/{entry}/index.html?shared_space=1001&workspace=1002#panel_id=", launch, StringComparison.Ordinal);
        using var admin = await server.AdminAsync();
        Assert.Contains("Waiting for the launch context", await admin.GetStringAsync(new Uri(launch), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var page = Path.Combine(folder, entry, "index.html");
        await File.WriteAllTextAsync(page, (await File.ReadAllTextAsync(page, TestContext.Current.CancellationToken)).Replace("Waiting for the launch context", "Changed while dev ran", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.True(
            await Eventually.HoldsAsync(async () => (await admin.GetStringAsync(new Uri(launch), TestContext.Current.CancellationToken)).Contains("Changed while dev ran", StringComparison.Ordinal), TimeSpan.FromSeconds(60)),
            output.Text + error.Text);

        await stop.CancelAsync();
        Assert.Equal(0, await dev);
        Assert.Contains("Replaced bundle", output.Text, StringComparison.Ordinal);
        Assert.Single(await BundlesNamedAsync(admin, name));
    }

    public void Dispose() => _user.Dispose();

    private static async Task<List<JsonNode>> BundlesNamedAsync(HttpClient admin, string name)
    {
        var list = await admin.GetObjectAsync(Actions + "/bundles");
        return [.. list.Data().Where(b => b.Text("action_name") == name).OfType<JsonNode>()];
    }

    private async Task LoginAsync()
    {
        var (id, secret) = await server.CreateApiKeyAsync();
        var login = await _user.RunAsync("login", "--server", server.Address.ToString(), "--client-id", id, "--client-secret", secret);
        Assert.True(login.ExitCode == 0, login.ToString());
    }
}
