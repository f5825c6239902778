using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests.Cli;

/// <summary><c>trellis login/pull/push/diff/history/rollback</c> against a real server on a socket (docs/cli.md).</summary>
public sealed class ConfigurationCommandsTests(CliServer server) : IClassFixture<CliServer>, IDisposable
{
    private const string Config = "/api/shared_spaces/1001/external-entity-actions";
    private readonly CliUser _user = new();

    [Fact]
    public async Task Login_ChecksTheKeyAndSavesItReadableByTheOwnerOnly()
    {
        var (id, secret) = await server.CreateApiKeyAsync();

        // The secret comes on standard input, so it is in neither the shell history nor the process list.
        var result = await _user.RunWithInputAsync(secret + "\n", "login", "--server", server.Address.ToString(), "--client-id", id);

        Assert.Equal(0, result.ExitCode);
        var saved = Path.Combine(_user.ConfigDirectory, "credentials.json");
        Assert.Contains(saved, result.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(saved));
        }

        var file = JsonNode.Parse(await File.ReadAllTextAsync(saved, TestContext.Current.CancellationToken))!;
        Assert.Equal(id, file.Text("client_id"));
        Assert.Equal(1001, file["shared_space"]!.GetValue<long>());
    }

    [Fact]
    public async Task Login_WithAWrongSecret_SaysSoInOneLineSavesNothingAndExitsFour()
    {
        var (id, _) = await server.CreateApiKeyAsync();

        var result = await _user.RunAsync("login", "--server", server.Address.ToString(), "--client-id", id, "--client-secret", "wrong");

        Assert.Equal(4, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains($"refused the API key '{id}'", result.Error, StringComparison.Ordinal);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_user.ConfigDirectory, "credentials.json")));
    }

    [Fact]
    public async Task AnUnreachableServer_IsOneLineAndExitTwo()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        UseEnvironmentKey("id", "secret", $"http://127.0.0.1:{port}");

        var result = await _user.RunAsync("pull");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"trellis: cannot reach http://127.0.0.1:{port}/", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task WithoutASavedSignIn_RemoteCommandsSayHowToSignIn()
    {
        var result = await _user.RunAsync("history");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("trellis login", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_WritesTheVersionAndActionsToAFileThatValidateAccepts()
    {
        await LoginAsync();
        var (version, data) = await server.CurrentAsync();

        var result = await _user.RunAsync("pull", _user.PathOf("actions.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Pulled version {version}", result.Output, StringComparison.Ordinal);
        var file = JsonNode.Parse(await File.ReadAllTextAsync(_user.PathOf("actions.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(version, file["version"]!.GetValue<int>());
        Assert.Equal(data.Select(a => a.Text("name")), file["data"]!.AsArray().Select(a => a.Text("name")));
        Assert.All(file["data"]!.AsArray(), a => Assert.False(a!.AsObject().ContainsKey("bundle_guid")));
        var validate = await _user.RunAsync("validate", _user.PathOf("actions.json"));
        Assert.Equal(0, validate.ExitCode);
    }

    [Fact]
    public async Task PullEditPush_ShowsTheDiffSendsTheCommentAndRewritesTheFileAtTheNewVersion()
    {
        await LoginAsync();
        var path = _user.PathOf("actions.json");
        Assert.Equal(0, (await _user.RunAsync("pull", path)).ExitCode);
        var (before, _) = await server.CurrentAsync();
        var file = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
        var oldTitle = file["data"]![0]!.Text("title");
        file["data"]![0]!["title"] = "Renamed from the terminal";
        await File.WriteAllTextAsync(path, file.ToJsonString(), TestContext.Current.CancellationToken);

        var result = await _user.RunAsync("push", path, "--comment", "rename from CI");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"-    \"title\": \"{oldTitle}\",", result.Output, StringComparison.Ordinal);
        Assert.Contains("+    \"title\": \"Renamed from the terminal\",", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Pushed version {before + 1} (from {before}: 0 added, 0 removed, 1 changed)", result.Error, StringComparison.Ordinal);
        var (after, data) = await server.CurrentAsync();
        Assert.Equal(before + 1, after);
        Assert.Equal("Renamed from the terminal", data[0].Text("title"));
        var rewritten = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
        Assert.Equal(after, rewritten["version"]!.GetValue<int>());

        var history = await _user.RunAsync("history", "--limit", "1");
        Assert.Contains($"v{after}", history.Output, StringComparison.Ordinal);
        Assert.Contains("rename from CI", history.Output, StringComparison.Ordinal);

        var again = await _user.RunAsync("push", path);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing to push", again.Error, StringComparison.Ordinal);
        Assert.Equal(after, (await server.CurrentAsync()).Version);
    }

    [Fact]
    public async Task Push_AfterSomeoneElseSaved_ExplainsBothSidesChangesNothingAndExitsThree()
    {
        await LoginAsync();
        var path = _user.PathOf("actions.json");
        Assert.Equal(0, (await _user.RunAsync("pull", path)).ExitCode);
        var (pulled, data) = await server.CurrentAsync();
        var theirs = (JsonArray)data.DeepClone();
        theirs[0]!["title"] = "Their title";
        foreach (var action in theirs.OfType<JsonObject>())
        {
            action.Remove("bundle_guid");
        }

        using (var colleague = await server.AdminAsync())
        {
            using var saved = await colleague.PutAsync(Config + "/?comment=colleague%20edit", new StringContent(theirs.ToJsonString()), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var file = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
        file["data"]![0]!["title"] = "My title";
        await File.WriteAllTextAsync(path, file.ToJsonString(), TestContext.Current.CancellationToken);

        var result = await _user.RunAsync("push", path);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"pulled at version {pulled}, but the server is now at version {pulled + 1}", result.Output, StringComparison.Ordinal);
        Assert.Contains("colleague edit", result.Output, StringComparison.Ordinal);
        Assert.Contains("+    \"title\": \"Their title\",", result.Output, StringComparison.Ordinal);
        Assert.Contains("+    \"title\": \"My title\",", result.Output, StringComparison.Ordinal);
        Assert.Contains("conflict: nothing was pushed", result.Error, StringComparison.Ordinal);
        var (now, current) = await server.CurrentAsync();
        Assert.Equal(pulled + 1, now);
        Assert.Equal("Their title", current[0].Text("title"));
    }

    [Fact]
    public async Task Push_AnInvalidFile_PrintsLocatedDiagnosticsAndSendsNothing()
    {
        await LoginAsync();
        var (version, _) = await server.CurrentAsync();
        var path = _user.PathOf("bad.json");
        await File.WriteAllTextAsync(path, $$"""
            {"version": {{version}}, "data": [
              {"name": "bad name!", "title": "T", "entity_type": ["defect"], "views": ["list"], "url": "https://example.com/"}
            ]}
            """, TestContext.Current.CancellationToken);

        var result = await _user.RunAsync("push", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:2:12: error XA1103", result.Output, StringComparison.Ordinal);
        Assert.Equal(version, (await server.CurrentAsync()).Version);
    }

    [Fact]
    public async Task Diff_ComparesAFileWithTheServerAndTwoStoredVersions()
    {
        await LoginAsync();
        var path = _user.PathOf("actions.json");
        Assert.Equal(0, (await _user.RunAsync("pull", path)).ExitCode);

        var same = await _user.RunAsync("diff", path);
        Assert.Equal(0, same.ExitCode);
        Assert.Empty(same.Output);

        var file = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
        file["data"]!.AsArray().RemoveAt(0);
        await File.WriteAllTextAsync(path, file.ToJsonString(), TestContext.Current.CancellationToken);
        var changed = await _user.RunAsync("diff", path);
        Assert.Equal(1, changed.ExitCode);
        Assert.StartsWith("--- server version ", changed.Output, StringComparison.Ordinal);
        Assert.Contains($"+++ {path}", changed.Output, StringComparison.Ordinal);
        Assert.Contains("-    \"name\":", changed.Output, StringComparison.Ordinal);

        var versions = await _user.RunAsync("diff", "--from", "0", "--to", "1", "--format", "json");
        Assert.Equal(1, versions.ExitCode);
        var json = JsonNode.Parse(versions.Output)!;
        Assert.False(json["identical"]!.GetValue<bool>());
        Assert.Contains("+    \"name\": \"search_web\",", json["diff"]!.GetValue<string>(), StringComparison.Ordinal);

        var usage = await _user.RunAsync("diff", path, "--from", "1");
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public async Task Rollback_StoresTheOldVersionAgainAsTheNewest()
    {
        await LoginAsync();
        var (before, _) = await server.CurrentAsync();
        using (var admin = await server.AdminAsync())
        {
            using var saved = await admin.PutAsync(Config, new StringContent("""[{"name":"temporary","title":"Temporary","entity_type":["defect"],"views":["list"],"url":"https://example.com/"}]"""), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var result = await _user.RunAsync("rollback", before.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Output)!;
        Assert.Equal(before + 2, json["version"]!.GetValue<int>());
        Assert.Equal(before, json["restored_from"]!.GetValue<int>());
        Assert.Contains("-    \"name\": \"temporary\",", json["diff"]!.GetValue<string>(), StringComparison.Ordinal);
        var (now, data) = await server.CurrentAsync();
        Assert.Equal(before + 2, now);
        Assert.DoesNotContain(data, a => a.Text("name") == "temporary");

        var missing = await _user.RunAsync("rollback", "9999");
        Assert.Equal(4, missing.ExitCode);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsARealProcess_EnvironmentKeysPullAndAConflictingPushExitsThree()
    {
        var (id, secret) = await server.CreateApiKeyAsync();
        UseEnvironmentKey(id, secret, server.Address.ToString());

        var pull = await _user.RunProcessAsync("pull", "actions.json");
        Assert.True(pull.ExitCode == 0, pull.ToString());
        using (var admin = await server.AdminAsync())
        {
            var (_, data) = await server.CurrentAsync();
            using var saved = await admin.PutAsync(Config, new StringContent(new JsonObject { ["data"] = WithMarkerAction(data) }.ToJsonString()), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var file = JsonNode.Parse(await File.ReadAllTextAsync(_user.PathOf("actions.json"), TestContext.Current.CancellationToken))!;
        file["data"]![0]!["title"] = "Mine";
        await File.WriteAllTextAsync(_user.PathOf("actions.json"), file.ToJsonString(), TestContext.Current.CancellationToken);
        var push = await _user.RunProcessAsync("push", "actions.json");

        Assert.True(push.ExitCode == 3, push.ToString());
        Assert.Contains("conflict: nothing was pushed", push.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", push.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _user.Dispose();

    /// <summary>The server's configuration plus one new action, so saving it makes a new version.</summary>
    private static JsonArray WithMarkerAction(JsonArray data)
    {
        var copy = (JsonArray)data.DeepClone();
        copy.Add(new JsonObject { ["name"] = "marker_" + Guid.NewGuid().ToString("N")[..8], ["title"] = "Marker", ["entity_type"] = new JsonArray("defect"), ["views"] = new JsonArray("list"), ["url"] = "https://example.com/" });
        return copy;
    }

    private async Task LoginAsync()
    {
        var (id, secret) = await server.CreateApiKeyAsync();
        var login = await _user.RunAsync("login", "--server", server.Address.ToString(), "--client-id", id, "--client-secret", secret);
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    private void UseEnvironmentKey(string id, string secret, string url)
    {
        _user.Environment["TRELLIS_URL"] = url;
        _user.Environment["TRELLIS_CLIENT_ID"] = id;
        _user.Environment["TRELLIS_CLIENT_SECRET"] = secret;
    }
}
