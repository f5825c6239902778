using System.Text.Json;

namespace Trellis.Cli.Tests;

public sealed class PreviewCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _config;

    public PreviewCommandTests() => _config = _cli.WriteFile("actions.json", Samples.ValidConfiguration);

    [Fact]
    public async Task Preview_SingleEntityTab_PrintsTheEncodedUrlAndExitsZero()
    {
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.OneDefect));

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "create-branch", "--context", context);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "https://cb.example.com/repo_select?subtype=defect&name=Login%20fails%20%26%20%231%20%C3%BC&entity_id=2001\n",
            result.Output);
    }

    [Fact]
    public async Task Preview_SingleEntityWithTwoSelected_IsDisabledForSelectionAndExitsOne()
    {
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.TwoDefects));

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "create-branch", "--context", context);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("disabled: selection:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_DialogAsJson_ReportsModeSizeAndTheContextDialogId()
    {
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.TwoDefects));

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "PULL-REQUESTS", "--context", context, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.Equal(["url", "mode", "dialog", "enabled", "reason"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            "https://git.example.com/prs?ids=2001,2002&sharedSpace=1001&workSpace=1002&dialogId=d-1&server=https://alm.example.com",
            root.GetProperty("url").GetString());
        Assert.Equal("dialog", root.GetProperty("mode").GetString());
        Assert.Equal("small", root.GetProperty("dialog").GetString());
        Assert.True(root.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task Preview_OtherWorkspace_IsHiddenWithTheWorkspaceReason()
    {
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.OneDefect, view: "details", workspace: 2002));

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "mail-owner", "--context", context, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        Assert.False(document.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal("workspace", document.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Preview_MailtoAction_ReportsTabModeWithNoDialog()
    {
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.OneDefect, view: "details"));

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "mail-owner", "--context", context, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal("mailto:jane%40example.com?subject=2001", document.RootElement.GetProperty("url").GetString());
        Assert.Equal("tab", document.RootElement.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("dialog").ValueKind);
    }

    [Fact]
    public async Task Preview_InvalidConfiguration_PrintsItsDiagnosticsAndExitsOne()
    {
        var config = _cli.WriteFile("bad.json", Samples.InvalidConfiguration);
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.OneDefect));

        var result = await CliRun.RunAsync("preview", "--config", config, "--action", "bad", "--context", context);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, result.OutputLines.Length);
        Assert.All(result.OutputLines, line => Assert.StartsWith(config + ":", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_UnknownAction_ExitsOneAndNamesIt()
    {
        var context = _cli.WriteFile("context.json", Samples.Context(Samples.OneDefect));

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "nope", "--context", context);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no action named 'nope'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"entity_type\": \"defect\", \"view\": \"grid\"}")]
    [InlineData("{\"view\": \"list\"}")]
    [InlineData("{\"entity_type\": \"defect\", \"workspace\": \"abc\"}")]
    [InlineData("{not json")]
    public async Task Preview_MalformedContext_ExitsTwoAndSaysWhatIsWrong(string contextJson)
    {
        var context = _cli.WriteFile("context.json", contextJson);

        var result = await CliRun.RunAsync("preview", "--config", _config, "--action", "create-branch", "--context", context);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("trellis: invalid context file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_MissingOptions_ExitTwo()
    {
        var result = await CliRun.RunAsync("preview", "--config", _config);

        Assert.Equal(2, result.ExitCode);
    }

    public void Dispose() => _cli.Dispose();
}
