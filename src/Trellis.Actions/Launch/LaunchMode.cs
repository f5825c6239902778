namespace Trellis.Actions.Launch;

/// <summary>How a launch opens (docs/reference/launches.md#modes).</summary>
public enum LaunchMode
{
    /// <summary>A new browser tab (a button without <c>dialog</c> and an <c>http(s)</c> URL).</summary>
    Tab,

    /// <summary>A protocol handler (<c>mailto:</c>, <c>td:</c>): a temporary anchor without target; no events.</summary>
    ProtocolHandler,

    /// <summary>A host dialog with an iframe (a button with <c>dialog</c>).</summary>
    Dialog,

    /// <summary>A side panel iframe whose fragment follows the selection.</summary>
    SidePanel,

    /// <summary>An Aviator chip: a prompt sent to the assistant.</summary>
    AviatorChat,
}
