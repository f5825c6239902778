using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests.Cli;

/// <summary><c>trellis override set|list|clear</c> and <c>trellis dev --override-url</c> against the real server (docs/cli.md).</summary>
public sealed class OverrideCommandsTests(CliServer server) : IClassFixture<CliServer>, IDisposable
{
    private const string Overrides = "/api/shared_spaces/1001/external-action-overrides/";
    private readonly CliUser _user = new();

    [Fact]
    public async Task Override_SetListClear_ChangesTheAuthorsOwnLaunchesUntilCleared()
    {
        await LoginAsync();
        var name = await NewPanelAsync(push: true);

        var set = await _user.RunProcessAsync("override", "set", name, "http://localhost:3000", "--expires-in", "30", "--format", "json");
        var listed = await _user.RunAsync("override", "list");
        var launched = await LaunchUrlAsync(name);
        var cleared = await _user.RunAsync("override", "clear", name);
        var empty = await _user.RunAsync("override", "list");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("http://localhost:3000", JsonNode.Parse(set.Output)!.Text("url"));
        Assert.Contains(name, listed.Output, StringComparison.Ordinal);
        Assert.StartsWith($"http://localhost:3000/{name.Replace('_', '-')}/index.html?shared_space=1001&workspace=1002#panel_id=", launched, StringComparison.Ordinal);
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        Assert.Equal("No dev overrides.\n", empty.Output);
        Assert.StartsWith(server.Address.ToString(), await LaunchUrlAsync(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://localhost:3000", "only http and https")]
    [InlineData("localhost:3000", "only http and https")]
    [InlineData("http://localhost:3000/?x=1", "base only")]
    public async Task Override_BadUrl_IsAUsageErrorSayingWhatIsWrong(string url, string expected)
    {
        await LoginAsync();

        var result = await _user.RunAsync("override", "set", "anything", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("trellis: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_UnknownAction_IsRefusedWithTheServersReason()
    {
        await LoginAsync();

        var result = await _user.RunAsync("override", "set", "no_such_action", "http://localhost:3000");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("No external action is named 'no_such_action'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_WithOverrideUrl_PrintsTheAuthorsOwnLaunchUrlAndClearsTheOverrideOnExit()
    {
        await LoginAsync();
        var name = await NewPanelAsync(push: false);
        var output = new LockedWriter();
        var error = new LockedWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var dev = _user.RunUntilAsync(output, error, "", stop.Token, "dev", _user.PathOf(name), "--override-url", "http://localhost:3000/");

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(output.Text.Contains("Launch URL: ", StringComparison.Ordinal)), TimeSpan.FromSeconds(60)), output.Text + error.Text);
        Assert.Contains($"Dev override active: your launches of {name} open http://localhost:3000 until", output.Text, StringComparison.Ordinal);
        Assert.Contains($"Launch URL: http://localhost:3000/{name.Replace('_', '-')}/index.html?", output.Text, StringComparison.Ordinal);
        using var admin = await server.AdminAsync();
        Assert.Single((await admin.GetObjectAsync(Overrides)).Data());

        await stop.CancelAsync();

        Assert.Equal(0, await dev);
        Assert.Contains($"Cleared your dev override of {name}.", error.Text, StringComparison.Ordinal);
        Assert.Empty((await admin.GetObjectAsync(Overrides)).Data());
    }

    [Fact]
    public async Task Dev_WithABadOverrideUrl_StopsBeforePushing()
    {
        await LoginAsync();
        var name = await NewPanelAsync(push: false);

        var result = await _user.RunAsync("dev", _user.PathOf(name), "--override-url", "file:///tmp/app");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--override-url: url 'file:///tmp/app' uses 'file:'; only http and https are allowed.", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    public void Dispose() => _user.Dispose();

    private async Task<string> NewPanelAsync(bool push)
    {
        var name = "ovr_" + Guid.NewGuid().ToString("N")[..8];
        var created = await _user.RunAsync("new", name, "--mode", "side-panel", "-o", _user.PathOf(name));
        Assert.True(created.ExitCode == 0, created.ToString());
        if (push)
        {
            var pushed = await _user.RunAsync("bundle", "push", _user.PathOf(name));
            Assert.True(pushed.ExitCode == 0, pushed.ToString());
        }

        return name;
    }

    private async Task<string> LaunchUrlAsync(string action)
    {
        using var admin = await server.AdminAsync();
        using var response = await admin.PostAsJsonAsync($"/api/shared_spaces/1001/workspaces/1002/external-actions/{action}/launch",
            new { view = "list", entity_type = "work_item", module = "backlog", entity_ids = Array.Empty<string>() }, TestContext.Current.CancellationToken);
        return (await response.ReadObjectAsync()).Text("url")!;
    }

    private async Task LoginAsync()
    {
        var (id, secret) = await server.CreateApiKeyAsync();
        var login = await _user.RunAsync("login", "--server", server.Address.ToString(), "--client-id", id, "--client-secret", secret);
        Assert.True(login.ExitCode == 0, login.ToString());
    }
}
