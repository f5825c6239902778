using System.CommandLine;
using System.Text.Json.Nodes;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis history [--limit N]</c>: the stored versions of the configuration, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliHost host)
    {
        var limit = new Option<int>("--limit") { Description = Strings.HistoryLimitOption, DefaultValueFactory = _ => 20 };
        var format = FormatOption.Create();
        var command = new Command("history", Strings.HistoryDescription) { limit, format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var answer = await client.HistoryAsync(parsed.GetValue(limit), cancellationToken);
            if (!answer.IsSuccess)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json =>
                {
                    json.WriteNumber("total_count", answer.Body?["total_count"]?.GetValue<int>() ?? 0);
                    json.WritePropertyName("data");
                    json.WriteRawValue(answer.Body?["data"]?.ToJsonString() ?? "[]");
                });
            }
            else
            {
                foreach (var version in (answer.Body?["data"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    host.Output.WriteLine(Line(version));
                }
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>One version on one line: number, time, author, source, size, and the comment or what it restored.</summary>
    public static string Line(JsonObject version)
    {
        var number = version["version"]?.GetValue<int>() ?? 0;
        var author = version["author"]?["login"]?.GetValue<string>() ?? "(system)";
        var note = version["restored_from"] is { } restored ? $"restored version {restored.ToJsonString()}" : version["comment"]?.GetValue<string>();
        return $"v{number,-4} {version["time"]?.GetValue<string>() ?? "",-20} {author,-24} {version["source"]?.GetValue<string>() ?? "",-9} "
            + $"{version["action_count"]?.GetValue<int>() ?? 0,3} actions{(string.IsNullOrEmpty(note) ? "" : "  " + note)}";
    }
}
