using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Trellis.Actions.Diagnostics;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis push [file] [--comment C] [--dry-run] [--force]</c>: validates the file, shows what it changes on the
/// server, and replaces the configuration only if the server still holds the version the file was pulled at
/// (<c>If-Match</c>). On success the file is rewritten at the new version; on a conflict both sides are explained.
/// </summary>
internal static class PushCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<string>("file") { Description = Strings.PushFileArgument, DefaultValueFactory = _ => PullCommand.DefaultFile };
        var comment = new Option<string?>("--comment", "-m") { Description = Strings.PushCommentOption };
        var dryRun = new Option<bool>("--dry-run") { Description = Strings.PushDryRunOption };
        var force = new Option<bool>("--force") { Description = Strings.PushForceOption };
        var format = FormatOption.Create();
        var command = new Command("push", Strings.PushDescription) { file, comment, dryRun, force, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var request = new Request(parsed.GetRequiredValue(file), parsed.GetValue(comment), parsed.GetValue(dryRun), parsed.GetValue(force), parsed.GetValue(format));
            var bytes = await InputFile.TryReadAsync(request.Path, host.Error, cancellationToken);
            if (bytes is null)
            {
                return ExitCodes.UsageOrIo;
            }

            // Checked here first, so a broken file never costs a round trip and reports exactly as validate does.
            var local = ValidateCommand.Parse(bytes);
            if (local.HasErrors)
            {
                ValidateCommand.Write(local, request.Path, request.Format, host.Output, host.Error);
                return ExitCodes.Invalid;
            }

            var (baseVersion, data, problem) = ConfigFile.Read(bytes);
            if (data is null || (baseVersion is null && !request.Force))
            {
                await host.Error.WriteLineAsync(Strings.NoBaseVersion(request.Path, problem));
                return ExitCodes.UsageOrIo;
            }

            return await RemoteSession.RunAsync(host, client => PushAsync(host, client, request, bytes, baseVersion, data, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static async Task<int> PushAsync(CliHost host, TrellisClient client, Request request, byte[] bytes, int? baseVersion, JsonArray data, CancellationToken cancellationToken)
    {
        var current = await client.GetConfigurationAsync(cancellationToken);
        if (!current.IsSuccess || current.Version is not { } currentVersion)
        {
            return await RemoteSession.RefusedAsync(host, current);
        }

        if (!request.Force && baseVersion != currentVersion)
        {
            return await ConflictAsync(host, client, request, baseVersion!.Value, currentVersion, data, cancellationToken);
        }

        var serverData = ConfigFile.Actions(current.Body?["data"]);
        var diff = ConfigDiff.Unified(serverData, data, $"server version {currentVersion.ToString(CultureInfo.InvariantCulture)}", request.Path);
        var (added, removed, changed) = ConfigDiff.Summary(serverData, data);
        if (diff.Length == 0 || request.DryRun)
        {
            WriteOutcome(host, request, diff, currentVersion, diff.Length == 0 ? currentVersion : null, (added, removed, changed), []);
            return ExitCodes.Success;
        }

        var answer = await client.PutConfigurationAsync(bytes, request.Force ? null : baseVersion, request.Comment, cancellationToken);
        if (answer.Status == HttpStatusCode.PreconditionFailed)
        {
            // Someone saved between our read and our write.
            var now = int.TryParse(answer.Body?["properties"]?["current_version"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : currentVersion + 1;
            return await ConflictAsync(host, client, request, baseVersion!.Value, now, data, cancellationToken);
        }

        if (answer.Status == HttpStatusCode.BadRequest && answer.Body?["diagnostics"] is JsonArray serverDiagnostics)
        {
            await host.Error.WriteLineAsync("trellis: " + answer.Describe());
            DiagnosticWriter.WriteText(host.Output, request.Path, ReadDiagnostics(serverDiagnostics));
            return ExitCodes.Invalid;
        }

        if (!answer.IsSuccess || answer.Body?["version"]?.GetValue<int>() is not { } newVersion)
        {
            return await RemoteSession.RefusedAsync(host, answer);
        }

        try
        {
            await ConfigFile.WriteAsync(request.Path, ConfigFile.Render(newVersion, ConfigFile.Actions(answer.Body["data"])), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await host.Error.WriteLineAsync(Strings.PushedButNotRewritten(newVersion, request.Path, ex.Message));
            return ExitCodes.UsageOrIo;
        }

        WriteOutcome(host, request, diff, currentVersion, newVersion, (added, removed, changed), ReadDiagnostics(answer.Body["diagnostics"] as JsonArray ?? []));
        return ExitCodes.Success;
    }

    /// <summary>Explains a conflict: what changed on the server since the file's version, and what the file changes.</summary>
    private static async Task<int> ConflictAsync(CliHost host, TrellisClient client, Request request, int baseVersion, int currentVersion, JsonArray data, CancellationToken cancellationToken)
    {
        var history = await client.HistoryAsync(50, cancellationToken);
        var since = (history.Body?["data"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => v["version"]?.GetValue<int>() > baseVersion).OrderBy(v => v["version"]!.GetValue<int>()).ToList();
        var baseAnswer = await client.GetVersionAsync(baseVersion, cancellationToken);
        var currentAnswer = await client.GetVersionAsync(currentVersion, cancellationToken);
        var baseData = ConfigFile.Actions(baseAnswer.Body?["data"]);
        var theirs = ConfigDiff.Unified(baseData, ConfigFile.Actions(currentAnswer.Body?["data"]), $"version {baseVersion}", $"server version {currentVersion}");
        var yours = ConfigDiff.Unified(baseData, data, $"version {baseVersion}", request.Path);

        if (request.Format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(host.Output, json =>
            {
                json.WriteBoolean("conflict", true);
                json.WriteNumber("base_version", baseVersion);
                json.WriteNumber("current_version", currentVersion);
                json.WriteStartArray("changes_since");
                foreach (var version in since)
                {
                    json.WriteRawValue(version.ToJsonString());
                }

                json.WriteEndArray();
                json.WriteString("their_diff", theirs);
                json.WriteString("your_diff", yours);
            });
        }
        else
        {
            host.Output.WriteLine(Strings.ConflictHeader(request.Path, baseVersion, currentVersion));
            foreach (var version in since)
            {
                host.Output.WriteLine("  " + HistoryCommand.Line(version));
            }

            host.Output.WriteLine();
            host.Output.WriteLine(Strings.TheirChanges(baseVersion, currentVersion));
            host.Output.Write(theirs.Length == 0 ? "  (none)\n" : theirs);
            host.Output.WriteLine();
            host.Output.WriteLine(Strings.YourChanges(request.Path, baseVersion));
            host.Output.Write(yours.Length == 0 ? "  (none)\n" : yours);
        }

        await host.Error.WriteLineAsync(Strings.ConflictAdvice(request.Path, baseVersion, currentVersion));
        return ExitCodes.Conflict;
    }

    private static void WriteOutcome(CliHost host, Request request, string diff, int fromVersion, int? newVersion, (int Added, int Removed, int Changed) summary, IReadOnlyList<Diagnostic> warnings)
    {
        if (request.Format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(host.Output, json =>
            {
                json.WriteBoolean("pushed", newVersion is not null && newVersion != fromVersion);
                json.WriteNumber("previous_version", fromVersion);
                if (newVersion is { } version)
                {
                    json.WriteNumber("version", version);
                }
                else
                {
                    json.WriteNull("version");
                }

                json.WriteNumber("added", summary.Added);
                json.WriteNumber("removed", summary.Removed);
                json.WriteNumber("changed", summary.Changed);
                json.WriteString("diff", diff);
                DiagnosticWriter.WriteJsonArray(json, warnings);
            });
            return;
        }

        host.Output.Write(diff);
        DiagnosticWriter.WriteText(host.Output, request.Path, warnings);
        host.Error.WriteLine(diff.Length == 0
            ? Strings.NothingToPush(request.Path, fromVersion)
            : newVersion is { } pushed
                ? Strings.Pushed(pushed, fromVersion, summary, request.Path)
                : Strings.DryRun(fromVersion, summary));
    }

    private static List<Diagnostic> ReadDiagnostics(JsonArray diagnostics) =>
        [.. diagnostics.OfType<JsonObject>().Select(d => new Diagnostic(
            d["severity"]?.GetValue<string>() == "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            d["code"]?.GetValue<string>() ?? "",
            d["message"]?.GetValue<string>() ?? "",
            d["pointer"]?.GetValue<string>() ?? "",
            d["line"]?.GetValue<int>() ?? 1,
            d["column"]?.GetValue<int>() ?? 1))];

    private sealed record Request(string Path, string? Comment, bool DryRun, bool Force, OutputFormat Format);
}
