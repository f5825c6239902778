using System.IO.Compression;
using System.Text.Json.Nodes;
using Trellis.Server.IntegrationTests.Bundles;

namespace Trellis.Server.IntegrationTests.Cli;

/// <summary><c>trellis bundle validate/pack/push/list/delete</c>, checked against what the real server answers (docs/cli.md).</summary>
public sealed class BundleCommandsTests(CliServer server) : IClassFixture<CliServer>, IDisposable
{
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";
    private readonly CliUser _user = new();

    public static TheoryData<string> HostileCases => ["dot-dot-traversal", "symlink", "ratio-bomb", "case-only-duplicate", "bad-top-level-dash", "aes-method", "corrupt-bytes"];

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Validate_AHostileZip_IsRefusedWithExactlyTheServersReasons(string hostile)
    {
        var zip = HostileZips.Build(hostile);
        var path = _user.PathOf(hostile + ".zip");
        await File.WriteAllBytesAsync(path, zip, TestContext.Current.CancellationToken);
        using var admin = await server.AdminAsync();
        using var upload = await admin.PostAsync(Actions + "/bundle", new ByteArrayContent(zip), TestContext.Current.CancellationToken);
        var serverReasons = (await upload.ReadObjectAsync())["reasons"]!.AsArray().Select(r => (r.Text("entry"), r.Text("code"), r.Text("message")));

        var result = await _user.RunAsync("bundle", "validate", path, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        var json = JsonNode.Parse(result.Output)!;
        Assert.False(json["valid"]!.GetValue<bool>());
        Assert.Equal(serverReasons, json["reasons"]!.AsArray().Select(r => (r.Text("entry"), r.Text("code"), r.Text("message"))));
    }

    [Fact]
    public async Task Validate_AFolder_AppliesTheRulesToWhatItWouldPackAndLocatesConfigurationErrors()
    {
        var folder = Folder("bad-config", ("action-configuration.json", "{\n  \"name\": \"x\",\n  \"title\": \"\"\n}"), ("app/index.html", "<!doctype html>"));

        var result = await _user.RunAsync("bundle", "validate", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{folder}/action-configuration.json:3:12: error XA1201", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AFolderWithASymbolicLink_IsRefusedAsTheServerRefusesLinks()
    {
        var folder = Folder("linked", ("app/index.html", "<!doctype html>"));
        File.CreateSymbolicLink(Path.Combine(folder, "app", "passwd"), "/etc/passwd");

        var result = await _user.RunAsync("bundle", "validate", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{folder}: app/passwd: symlink: Symbolic links are not accepted.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_WritesAZipOfTheFolderThatValidatesAndPacksTheSameTwice()
    {
        var folder = Folder("packed", ("app/index.html", "<!doctype html><title>packed</title>"), ("app/js/main.js", "export {}"));

        var first = await _user.RunAsync("bundle", "pack", folder);
        var bytes = await File.ReadAllBytesAsync(folder + ".zip", TestContext.Current.CancellationToken);
        var second = await _user.RunAsync("bundle", "pack", folder, "-o", _user.PathOf("again.zip"));

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Wrote {folder}.zip", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_user.PathOf("again.zip"), TestContext.Current.CancellationToken));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal(["app/index.html", "app/js/main.js"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(0, (await _user.RunAsync("bundle", "validate", folder + ".zip")).ExitCode);
    }

    [Fact]
    public async Task Pack_AFolderTheServerWouldRefuse_WritesNothing()
    {
        var folder = Folder("refused", ("-bad/index.html", "x"));

        var result = await _user.RunAsync("bundle", "pack", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("top_level_name", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(folder + ".zip"));
    }

    [Fact]
    public async Task PushListReplaceDelete_RoundTripsABundleWithItsAction()
    {
        await LoginAsync();
        var name = "cli_" + Guid.NewGuid().ToString("N")[..8];
        var entry = name.Replace('_', '-');
        var folder = Folder(name, ("action-configuration.json", PanelAction(name, entry)), ($"{entry}/index.html", "<!doctype html><title>v1</title>"));

        var created = await _user.RunAsync("bundle", "push", folder, "--format", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var guid = JsonNode.Parse(created.Output)!.Text("guid")!;
        Assert.Equal(name, JsonNode.Parse(created.Output)!["action"]!.Text("name"));

        var list = await _user.RunAsync("bundle", "list");
        Assert.Contains(list.Output.Split('\n'), line => line.StartsWith(guid, StringComparison.Ordinal) && line.Contains(name, StringComparison.Ordinal) && line.EndsWith(entry, StringComparison.Ordinal));

        await File.WriteAllTextAsync(Path.Combine(folder, entry, "index.html"), "<!doctype html><title>v2</title>", TestContext.Current.CancellationToken);
        var replaced = await _user.RunAsync("bundle", "push", folder, "--guid", guid);
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.StartsWith($"Replaced bundle {guid} (action '{name}'): entries {entry}", replaced.Output, StringComparison.Ordinal);
        using (var admin = await server.AdminAsync())
        {
            var served = await admin.GetStringAsync($"{Actions}/bundle/{entry}/index.html", TestContext.Current.CancellationToken);
            Assert.Contains("v2", served, StringComparison.Ordinal);
        }

        var deleted = await _user.RunAsync("bundle", "delete", guid);
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain(guid, (await _user.RunAsync("bundle", "list")).Output, StringComparison.Ordinal);
        var again = await _user.RunAsync("bundle", "delete", guid);
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("404", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_AnEntryAnotherBundleOwns_PrintsTheServersRefusalAndExitsFour()
    {
        await LoginAsync();
        var entry = "owned-" + Guid.NewGuid().ToString("N")[..8];
        var first = Folder("first", ($"{entry}/index.html", "one"));
        var second = Folder("second", ($"{entry}/index.html", "two"));
        Assert.Equal(0, (await _user.RunAsync("bundle", "push", first)).ExitCode);

        var result = await _user.RunAsync("bundle", "push", second);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("409 external_actions.entry_owned", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_ABundleTheRulesRefuse_IsRefusedBeforeSigningIn()
    {
        // Not signed in: reaching the server would exit 2, so exit 1 proves nothing was sent.
        var folder = Folder("invalid", ("-bad/index.html", "x"));

        var result = await _user.RunAsync("bundle", "push", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{folder}: -bad/index.html: top_level_name:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_AMissingSource_IsAnIoError()
    {
        var result = await _user.RunAsync("bundle", "push", _user.PathOf("nothing-here"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("neither a folder nor a file", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _user.Dispose();

    private static string PanelAction(string name, string entry) => $$$"""
        {"name":"{{{name}}}","title":"CLI panel","entity_type":["product_area"],"views":["list"],
         "url":"{bundle_url}/{{{entry}}}/index.html","mode":{"name":"side_panel","modules":["quality"]}}
        """;

    private string Folder(string name, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(_user.Work, name);
        foreach (var (path, content) in files)
        {
            var full = Path.GetFullPath(Path.Combine(folder, path));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return folder;
    }

    private async Task LoginAsync()
    {
        var (id, secret) = await server.CreateApiKeyAsync();
        var login = await _user.RunAsync("login", "--server", server.Address.ToString(), "--client-id", id, "--client-secret", secret);
        Assert.True(login.ExitCode == 0, login.ToString());
    }
}
