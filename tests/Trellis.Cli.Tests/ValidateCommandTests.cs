using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Trellis.Cli.Tests;

public sealed partial class ValidateCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task Validate_ValidEditorArray_ExitsZeroAndPrintsNoDiagnostics()
    {
        var path = _cli.WriteFile("actions.json", Samples.ValidConfiguration);

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal($"{path}: valid, 3 actions, 0 warnings\n", result.Error);
    }

    [Fact]
    public async Task Validate_BundleObject_IsReadAsOneAction()
    {
        var path = _cli.WriteFile("action-configuration.json", """
            {"name": "panel", "title": "Panel", "entity_type": ["product_area"], "views": ["list"],
             "mode": {"name": "side_panel", "modules": ["quality"]}, "url": "{bundle_url}/panel/index.html#ids={entity_ids}"}
            """);

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid, 1 action,", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TheServersGetAnswer_IsReadAsTheEditorArrayInside()
    {
        var path = _cli.WriteFile("server.json", $$"""{"total_count": 3, "data": {{Samples.ValidConfiguration}}, "exceeds_total_count": false}""");

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{path}: valid, 3 actions, 0 warnings\n", result.Error);
    }

    [Fact]
    public async Task Validate_AnEnvelopeWithErrors_ReportsLinesAndColumnsInTheFileAsWritten()
    {
        // The same array as the bare-array test, one line lower and two columns further right inside the envelope.
        var indented = string.Join('\n', Samples.InvalidConfiguration.Split('\n').Select(line => "  " + line));
        var path = _cli.WriteFile("pulled.json", "{\"version\": 4, \"total_count\": 1,\n\"data\":\n" + indented[2..] + "\n}");

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        var lines = result.OutputLines.Select(line => DiagnosticLine().Match(line)).ToArray();
        Assert.Equal(
            [("5", "15", "XA1103", "/0/name"), ("6", "16", "XA1201", "/0/title"), ("7", "15", "XA1203", "/0/icon")],
            lines.Select(m => (m.Groups["line"].Value, m.Groups["column"].Value, m.Groups["code"].Value, m.Groups["pointer"].Value)));
    }

    [Fact]
    public async Task Validate_AnObjectWithoutData_IsStillOneBundleAction()
    {
        var path = _cli.WriteFile("action-configuration.json", """{"name": "x", "title": "X", "entity_type": ["defect"], "views": ["list"], "url": "https://example.com/", "total_count": 1}""");

        var result = await CliRun.RunAsync("validate", path, "--format", "json");

        using var document = JsonDocument.Parse(result.Output);
        Assert.Contains(document.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("pointer").GetString() == "/total_count");
    }

    [Fact]
    public async Task Validate_InvalidDocument_PrintsOneLocatedLinePerDiagnosticAndExitsOne()
    {
        var path = _cli.WriteFile("bad.json", Samples.InvalidConfiguration);

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        var lines = result.OutputLines.Select(line => DiagnosticLine().Match(line)).ToArray();
        Assert.All(lines, match => Assert.True(match.Success));
        Assert.All(lines, match => Assert.Equal(path, match.Groups["file"].Value));
        Assert.Equal(
            [("3", "13", "error", "XA1103", "/0/name"), ("4", "14", "error", "XA1201", "/0/title"), ("5", "13", "warning", "XA1203", "/0/icon")],
            lines.Select(m => (m.Groups["line"].Value, m.Groups["column"].Value, m.Groups["severity"].Value, m.Groups["code"].Value, m.Groups["pointer"].Value)));
        Assert.Equal($"{path}: invalid, 2 errors, 1 warning\n", result.Error);
    }

    [Fact]
    public async Task Validate_WarningsOnly_ExitsZero()
    {
        var path = _cli.WriteFile("warn.json", """[{"name": "a", "title": "A", "icon": "rocket", "entity_type": ["defect"], "views": ["list"], "url": "https://example.com/"}]""");

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(DiagnosticLine(), Assert.Single(result.OutputLines));
        Assert.Contains("warning XA1203", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_JsonFormat_PrintsExactlyOneObjectWithEveryDiagnostic()
    {
        var path = _cli.WriteFile("bad.json", Samples.InvalidConfiguration);

        var result = await CliRun.RunAsync("validate", path, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.Equal(["valid", "diagnostics"], root.EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("valid").GetBoolean());
        var first = root.GetProperty("diagnostics")[0];
        Assert.Equal(["severity", "code", "message", "pointer", "line", "column"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal("XA1103", first.GetProperty("code").GetString());
        Assert.Equal("/0/name", first.GetProperty("pointer").GetString());
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        Assert.Equal(13, first.GetProperty("column").GetInt32());
        Assert.Equal(3, root.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task Validate_JsonFormatOnValidFile_SaysValidWithNoDiagnostics()
    {
        var path = _cli.WriteFile("actions.json", Samples.ValidConfiguration);

        var result = await CliRun.RunAsync("validate", path, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        Assert.True(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, document.RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task Validate_MalformedJson_ReportsTheParsePosition()
    {
        var path = _cli.WriteFile("broken.json", "[\n  {\"name\": \"a\",}\n]");

        var result = await CliRun.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        var match = DiagnosticLine().Match(Assert.Single(result.OutputLines));
        Assert.Equal("XA1001", match.Groups["code"].Value);
        Assert.Equal("2", match.Groups["line"].Value);
        Assert.Equal("\"\"", match.Groups["pointer"].Value);
    }

    [Fact]
    public async Task Validate_AFolderOrAZip_PointsToBundleValidate()
    {
        var zip = _cli.WriteFile("bundle.zip", "PK\u0003\u0004rest");
        var folder = Path.GetDirectoryName(zip)!;

        var onFolder = await CliRun.RunAsync("validate", folder);
        var onZip = await CliRun.RunAsync("validate", zip);

        Assert.Equal(2, onFolder.ExitCode);
        Assert.Contains($"'{folder}' is a folder, not a configuration; check a bundle with 'trellis bundle validate {folder}'", onFolder.Error, StringComparison.Ordinal);
        Assert.Equal(2, onZip.ExitCode);
        Assert.Contains("is a zip archive", onZip.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsTwoAndSaysWhy()
    {
        var result = await CliRun.RunAsync("validate", Path.Combine(Path.GetTempPath(), "no-such-trellis-file.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("trellis: cannot read", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("validate")]
    [InlineData("validate a.json --format yaml")]
    [InlineData("frobnicate")]
    public async Task Validate_UsageErrors_ExitTwo(string commandLine)
    {
        var result = await CliRun.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("trellis --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AsAProcess_UsesTheSameExitCodesAndOutput()
    {
        var path = _cli.WriteFile("bad.json", Samples.InvalidConfiguration);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(TrellisCli).Assembly.Location);
        start.ArgumentList.Add("validate");
        start.ArgumentList.Add(path);

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal((await CliRun.RunAsync("validate", path)).Output, output);
    }

    public void Dispose() => _cli.Dispose();

    [GeneratedRegex(@"^(?<file>.+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning) (?<code>XA\d{4}): .+ \(at (?<pointer>.*)\)$")]
    private static partial Regex DiagnosticLine();
}
