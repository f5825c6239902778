using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Trellis.Cli.Bundles;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis dev &lt;folder&gt; [--guid G] [--workspace N] [--override-url URL]</c>: pushes the folder, prints the launch URL,
/// then pushes again after every change until stopped (Ctrl+C). A bundle with an action replaces that action's bundle by
/// name (or creates it the first time); a bundle of files only is created once and then replaced by its guid. With
/// <c>--override-url</c>, the author's own launches of the action go to that base URL while dev runs
/// (docs/reference/launches.md#development-overrides), and the override is cleared on exit.
/// </summary>
internal static class DevCommand
{
    // Editors write a file in several steps; one push after the burst settles.
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(300);

    public static Command Create(CliHost host)
    {
        var folder = new Argument<string>("folder") { Description = Strings.DevFolderArgument };
        var guid = new Option<string?>("--guid") { Description = Strings.BundleGuidOption };
        var workspace = new Option<long>("--workspace") { Description = Strings.DevWorkspaceOption, DefaultValueFactory = _ => 1002 };
        var overrideUrl = new Option<string?>("--override-url") { Description = Strings.DevOverrideOption };
        var command = new Command("dev", Strings.DevDescription) { folder, guid, workspace, overrideUrl };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(folder);
            if (!Directory.Exists(path))
            {
                await host.Error.WriteLineAsync(Strings.NotAFolder(path));
                return ExitCodes.UsageOrIo;
            }

            var devOverride = new DevOverride();
            if (parsed.GetValue(overrideUrl) is { } requested)
            {
                var (baseUrl, problem) = Trellis.Actions.Launch.BaseUrlOverride.Normalize(requested);
                if (baseUrl is null)
                {
                    await host.Error.WriteLineAsync(Strings.BadOverrideUrl("--override-url: " + problem));
                    return ExitCodes.UsageOrIo;
                }

                devOverride.Url = baseUrl;
            }

            return await RemoteSession.RunAsync(host, client => WatchAsync(host, client, path, parsed.GetValue(guid), parsed.GetValue(workspace), devOverride, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static async Task<int> WatchAsync(CliHost host, TrellisClient client, string folder, string? guid, long workspace, DevOverride devOverride, CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        FileSystemEventHandler signal = (_, _) => changed.Release();
        watcher.Changed += signal;
        watcher.Created += signal;
        watcher.Deleted += signal;
        watcher.Renamed += (_, _) => changed.Release();

        try
        {
            while (true)
            {
                guid = await PushOnceAsync(host, client, folder, guid, workspace, devOverride, cancellationToken) ?? guid;
                if (devOverride.Refused)
                {
                    return ExitCodes.Refused;
                }

                await host.Error.WriteLineAsync(Strings.DevWatching(folder));
                await changed.WaitAsync(cancellationToken);
                await Task.Delay(s_settle, cancellationToken);
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (devOverride.SetFor is { } action)
            {
                // Stopping dev gives the author their real launches back; the override's expiry covers a crash.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var cleared = await client.ClearOverrideAsync(action, timeout.Token);
                await host.Error.WriteLineAsync(cleared.IsSuccess ? Strings.OverrideCleared(action) : "trellis: " + cleared.Describe());
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>The <c>--override-url</c> of one dev run: the base asked for, the action it was set on, and whether the server refused it.</summary>
    private sealed class DevOverride
    {
        public string? Url { get; set; }

        public string? SetFor { get; set; }

        public bool Refused { get; set; }
    }

    /// <summary>One round: check, pack and push; the guid of the bundle pushed, or <see langword="null"/> when nothing was.</summary>
    private static async Task<string?> PushOnceAsync(CliHost host, TrellisClient client, string folder, string? guid, long workspace, DevOverride devOverride, CancellationToken cancellationToken)
    {
        var zip = await BundleSource.LoadAsync(folder, host.Error, cancellationToken);
        if (zip is null)
        {
            return null;
        }

        var check = BundleCheck.Run(zip);
        if (!check.IsValid)
        {
            // Not pushed: the author fixes the folder and the next save tries again.
            check.Write(folder, OutputFormat.Text, host.Output, host.Error);
            return null;
        }

        var actionName = check.Configuration is { HasErrors: false, Actions: [var action, ..] } ? action.Name : null;
        var answer = guid is not null || actionName is null
            ? await BundleCommand.UploadAsync(host, client, zip, guid, folder, OutputFormat.Text, cancellationToken)
            : await client.SendAsync(HttpMethod.Put, $"{client.ActionsPath}/{Uri.EscapeDataString(actionName)}/bundle", new ByteArrayContent(zip), null, cancellationToken);
        if (answer.Status == HttpStatusCode.NotFound && guid is null && actionName is not null)
        {
            // The first push of a new action creates it.
            answer = await BundleCommand.UploadAsync(host, client, zip, null, folder, OutputFormat.Text, cancellationToken);
        }

        var time = TimeProvider.System.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        await host.Output.WriteAsync(time + " ");
        if (await BundleCommand.WriteUploadAsync(host, answer, folder, OutputFormat.Text) != ExitCodes.Success)
        {
            return null;
        }

        if (actionName is not null && devOverride.Url is { } overrideUrl && devOverride.SetFor is null)
        {
            // Set once the action exists, before the launch URL is planned, so the URL printed is the author's own.
            var set = await client.SetOverrideAsync(actionName, overrideUrl, null, cancellationToken);
            if (!set.IsSuccess)
            {
                await host.Error.WriteLineAsync("trellis: --override-url: " + set.Describe());
                devOverride.Refused = true;
                return null;
            }

            devOverride.SetFor = actionName;
            OverrideCommand.Write(host, OutputFormat.Text, set.Body!.AsObject());
        }

        if (actionName is not null && check.Configuration!.Actions[0] is var definition)
        {
            var launch = new JsonObject
            {
                ["view"] = definition.Views.HasFlag(Trellis.Actions.Configuration.ActionViews.List) ? "list" : "details",
                ["entity_type"] = definition.EntityTypes.FirstOrDefault(),
                ["module"] = definition.Modules.FirstOrDefault(),
                ["entity_ids"] = new JsonArray(),
            };
            var ticket = await client.SendAsync(HttpMethod.Post, $"api/shared_spaces/{client.SharedSpace.ToString(CultureInfo.InvariantCulture)}/workspaces/{workspace.ToString(CultureInfo.InvariantCulture)}/external-actions/{Uri.EscapeDataString(actionName)}/launch",
                new StringContent(launch.ToJsonString(), Encoding.UTF8, "application/json"), null, cancellationToken);
            var url = ticket.Body?["url"]?.GetValue<string>();
            await host.Output.WriteLineAsync(url is null ? Strings.NoLaunchUrl(ticket.Body?["reason"]?.GetValue<string>() ?? ticket.Describe()) : Strings.LaunchUrl(url));
        }

        return answer.Body?["guid"]?.GetValue<string>();
    }
}
