using Trellis.Actions.Launch;

namespace Trellis.Application.ExternalActions.Messages;

/// <summary>A launch mode's name in the inspector and its JSON, the same as the launch endpoint's <c>mode</c>.</summary>
internal static class LaunchModes
{
    /// <summary>An Aviator chip: its record keeps the prompt, not a URL.</summary>
    public const string Prompt = "aviator_chat";

    public static string Of(LaunchMode mode) => mode switch
    {
        LaunchMode.ProtocolHandler => "protocol_handler",
        LaunchMode.Dialog => "dialog",
        LaunchMode.SidePanel => "side_panel",
        LaunchMode.AviatorChat => Prompt,
        _ => "tab",
    };
}
