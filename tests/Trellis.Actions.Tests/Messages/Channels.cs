using Trellis.Actions.Messages;

namespace Trellis.Actions.Tests.Messages;

/// <summary>The launches the message tests speak for: shared space 1001, workspace 1002.</summary>
internal static class Channels
{
    public const string DialogId = "dLx0c9Q2TgW4x8Yk1mN3pA";
    public const string PanelId = "pQ7rS2tU4vW6xY8zA0bC1d";

    /// <summary>Reads <c>dialog</c>, <c>dialog events</c>, <c>panel</c>, <c>tab</c> or <c>tab events</c>.</summary>
    public static LaunchChannel Parse(string spec)
    {
        var words = spec.Split(' ');
        var kind = words[0] switch
        {
            "dialog" => ChannelKind.Dialog,
            "panel" => ChannelKind.SidePanel,
            "tab" => ChannelKind.Tab,
            _ => throw new ArgumentException($"Unknown channel {spec}.", nameof(spec)),
        };
        return new LaunchChannel
        {
            SharedSpace = "1001",
            Workspace = "1002",
            InstanceId = kind switch { ChannelKind.Dialog => DialogId, ChannelKind.SidePanel => PanelId, _ => null },
            Kind = kind,
            Events = words.Contains("events"),
            AppOrigin = "https://app.example.com",
        };
    }

    /// <summary>JSON written with single quotes for readability, and the ids' names for the ids.</summary>
    public static string Json(string text) =>
        text.Replace('\'', '"').Replace("DIALOG", DialogId, StringComparison.Ordinal).Replace("PANEL", PanelId, StringComparison.Ordinal);
}
