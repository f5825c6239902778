using System.CommandLine;
using System.Text.Json.Nodes;
using Trellis.Actions.Launch;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis override set|list|clear</c>: the signed-in author's own development overrides
/// (docs/reference/launches.md#development-overrides). Setting needs the right to edit the space's actions.
/// </summary>
internal static class OverrideCommand
{
    public static Command Create(CliHost host) => new("override", Strings.OverrideDescription)
    {
        Set(host),
        List(host),
        Clear(host),
    };

    private static Command Set(CliHost host)
    {
        var action = new Argument<string>("action") { Description = Strings.OverrideActionArgument };
        var url = new Argument<string>("url") { Description = Strings.OverrideUrlArgument };
        var expires = new Option<int?>("--expires-in") { Description = Strings.OverrideExpiresOption };
        var format = FormatOption.Create();
        var command = new Command("set", Strings.OverrideSetDescription) { action, url, expires, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            // The server's own rule, checked before signing in so a typo costs no round trip.
            var (baseUrl, problem) = BaseUrlOverride.Normalize(parsed.GetRequiredValue(url));
            if (baseUrl is null)
            {
                await host.Error.WriteLineAsync(Strings.BadOverrideUrl(problem!));
                return ExitCodes.UsageOrIo;
            }

            return await RemoteSession.RunAsync(host, async client =>
            {
                var answer = await client.SetOverrideAsync(parsed.GetRequiredValue(action), baseUrl, parsed.GetValue(expires), cancellationToken);
                if (!answer.IsSuccess)
                {
                    return await RemoteSession.RefusedAsync(host, answer);
                }

                Write(host, parsed.GetValue(format), answer.Body!.AsObject());
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var format = FormatOption.Create();
        var command = new Command("list", Strings.OverrideListDescription) { format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var answer = await client.ListOverridesAsync(cancellationToken);
            if (!answer.IsSuccess)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            var data = answer.Body?["data"] as JsonArray ?? [];
            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json =>
                {
                    json.WriteNumber("total_count", data.Count);
                    json.WritePropertyName("data");
                    json.WriteRawValue(data.ToJsonString());
                });
            }
            else if (data.Count == 0)
            {
                await host.Output.WriteLineAsync(Strings.NoOverrides);
            }
            else
            {
                foreach (var item in data.OfType<JsonObject>())
                {
                    await host.Output.WriteLineAsync($"{Text(item, "action"),-32} {Text(item, "url"),-40} until {Time(item, "expires_at")}");
                }
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Clear(CliHost host)
    {
        var action = new Argument<string>("action") { Description = Strings.OverrideActionArgument };
        var format = FormatOption.Create();
        var command = new Command("clear", Strings.OverrideClearDescription) { action, format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var name = parsed.GetRequiredValue(action);
            var answer = await client.ClearOverrideAsync(name, cancellationToken);
            if (!answer.IsSuccess)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json => json.WriteString("cleared", name));
            }
            else
            {
                await host.Output.WriteLineAsync(Strings.OverrideCleared(name));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>Prints a set override: one line, or the server's object as JSON.</summary>
    public static void Write(CliHost host, OutputFormat format, JsonObject set)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(host.Output, json =>
            {
                foreach (var (name, value) in set)
                {
                    json.WritePropertyName(name);
                    json.WriteRawValue(value?.ToJsonString() ?? "null");
                }
            });
        }
        else
        {
            host.Output.WriteLine(Strings.OverrideSet(Text(set, "action"), Text(set, "url"), Time(set, "expires_at")));
        }
    }

    private static string Text(JsonObject item, string name) => item[name]?.ToString() ?? "";

    // Minutes in UTC are what a person reads; --format json keeps the server's exact value.
    private static string Time(JsonObject item, string name) =>
        DateTimeOffset.TryParse(Text(item, name), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)
            : Text(item, name);
}
