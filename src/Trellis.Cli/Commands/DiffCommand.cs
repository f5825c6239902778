using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis diff [file] [--version N]</c> compares a local file with the server (its current version, or version N);
/// <c>trellis diff --from A --to B</c> compares two stored versions. Exits 0 when they are the same, 1 when they differ.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<string?>("file") { Description = Strings.DiffFileArgument, Arity = ArgumentArity.ZeroOrOne };
        var version = new Option<int?>("--version") { Description = Strings.DiffVersionOption };
        var from = new Option<int?>("--from") { Description = Strings.DiffFromOption };
        var to = new Option<int?>("--to") { Description = Strings.DiffToOption };
        var format = FormatOption.Create();
        var command = new Command("diff", Strings.DiffDescription) { file, version, from, to, format };
        command.Validators.Add(result =>
        {
            var twoVersions = result.GetValue(from) is not null || result.GetValue(to) is not null;
            if (twoVersions && (result.GetValue(from) is null || result.GetValue(to) is null || result.GetValue(file) is not null || result.GetValue(version) is not null))
            {
                result.AddError(Strings.DiffUsage);
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var outputFormat = parsed.GetValue(format);
            if (parsed.GetValue(from) is { } fromVersion && parsed.GetValue(to) is { } toVersion)
            {
                return await RemoteSession.RunAsync(host, async client =>
                {
                    var (before, refusal) = await VersionAsync(host, client, fromVersion, cancellationToken);
                    var (after, refusal2) = before is null ? (null, refusal) : await VersionAsync(host, client, toVersion, cancellationToken);
                    return after is null ? refusal2 : Write(host, outputFormat, ConfigDiff.Unified(before!, after, Label(fromVersion), Label(toVersion)));
                }, cancellationToken);
            }

            var path = parsed.GetValue(file) ?? PullCommand.DefaultFile;
            var bytes = await InputFile.TryReadAsync(path, host.Error, cancellationToken);
            if (bytes is null)
            {
                return ExitCodes.UsageOrIo;
            }

            var (_, local, problem) = ConfigFile.Read(bytes);
            if (local is null)
            {
                await host.Error.WriteLineAsync(Strings.InvalidConfigFile(path, problem!));
                return ExitCodes.UsageOrIo;
            }

            return await RemoteSession.RunAsync(host, async client =>
            {
                if (parsed.GetValue(version) is { } against)
                {
                    var (stored, refusal) = await VersionAsync(host, client, against, cancellationToken);
                    return stored is null ? refusal : Write(host, outputFormat, ConfigDiff.Unified(stored, local, Label(against), path));
                }

                var current = await client.GetConfigurationAsync(cancellationToken);
                return current.IsSuccess
                    ? Write(host, outputFormat, ConfigDiff.Unified(ConfigFile.Actions(current.Body?["data"]), local, $"server version {current.Version?.ToString(CultureInfo.InvariantCulture)}", path))
                    : await RemoteSession.RefusedAsync(host, current);
            }, cancellationToken);
        });
        return command;
    }

    private static string Label(int version) => "version " + version.ToString(CultureInfo.InvariantCulture);

    private static async Task<(JsonArray? Data, int ExitCode)> VersionAsync(CliHost host, TrellisClient client, int version, CancellationToken cancellationToken)
    {
        var answer = await client.GetVersionAsync(version, cancellationToken);
        return answer.IsSuccess ? (ConfigFile.Actions(answer.Body?["data"]), ExitCodes.Success) : (null, await RemoteSession.RefusedAsync(host, answer));
    }

    private static int Write(CliHost host, OutputFormat format, string diff)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(host.Output, json =>
            {
                json.WriteBoolean("identical", diff.Length == 0);
                json.WriteString("diff", diff);
            });
        }
        else
        {
            host.Output.Write(diff);
        }

        return diff.Length == 0 ? ExitCodes.Success : ExitCodes.Invalid;
    }
}
