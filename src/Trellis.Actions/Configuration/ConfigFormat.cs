namespace Trellis.Actions.Configuration;

/// <summary>The two containers of docs/reference/configuration-rules.md#containers.</summary>
public enum ConfigFormat
{
    /// <summary>A JSON array of actions, as in the editor and <c>PUT …/external-entity-actions</c>.</summary>
    Editor,

    /// <summary>One action object, as in a bundle's <c>action-configuration.json</c>.</summary>
    Bundle,
}
