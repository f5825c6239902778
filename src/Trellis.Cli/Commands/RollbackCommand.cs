using System.CommandLine;
using System.Globalization;
using System.Net;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis rollback &lt;version&gt;</c>: stores an older version again as the newest one, showing what that changes.
/// It names the version it read as current in <c>If-Match</c>, so a save by someone else in between is a conflict.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create(CliHost host)
    {
        var version = new Argument<int>("version") { Description = Strings.RollbackVersionArgument };
        var format = FormatOption.Create();
        var command = new Command("rollback", Strings.RollbackDescription) { version, format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var target = parsed.GetValue(version);
            var current = await client.GetConfigurationAsync(cancellationToken);
            var stored = current.IsSuccess ? await client.GetVersionAsync(target, cancellationToken) : current;
            if (!stored.IsSuccess || current.Version is not { } currentVersion)
            {
                return await RemoteSession.RefusedAsync(host, stored);
            }

            var diff = ConfigDiff.Unified(ConfigFile.Actions(current.Body?["data"]), ConfigFile.Actions(stored.Body?["data"]),
                $"server version {currentVersion.ToString(CultureInfo.InvariantCulture)}", $"version {target.ToString(CultureInfo.InvariantCulture)}");
            var answer = await client.RestoreAsync(target, currentVersion, cancellationToken);
            if (answer.Status == HttpStatusCode.PreconditionFailed)
            {
                await host.Error.WriteLineAsync(Strings.RollbackConflict(currentVersion, answer.Describe()));
                return ExitCodes.Conflict;
            }

            if (!answer.IsSuccess || answer.Body?["version"]?.GetValue<int>() is not { } newVersion)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json =>
                {
                    json.WriteNumber("version", newVersion);
                    json.WriteNumber("restored_from", target);
                    json.WriteNumber("previous_version", currentVersion);
                    json.WriteString("diff", diff);
                });
            }
            else
            {
                host.Output.Write(diff);
                await host.Error.WriteLineAsync(newVersion == currentVersion ? Strings.RollbackUnchanged(target, currentVersion) : Strings.RolledBack(target, newVersion));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
