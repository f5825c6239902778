using System.Collections.Frozen;
using System.Globalization;
using Trellis.Actions.Policy;

namespace Trellis.Application.SiteParameters;

/// <summary>The effective site parameters at one moment: run-time overrides over configuration over defaults.</summary>
internal sealed class SiteParameterSnapshot(FrozenDictionary<string, string> values)
{
    /// <summary>Gets every known parameter with its effective value.</summary>
    public FrozenDictionary<string, string> Values { get; } = values;

    public string Get(string name) => Values.TryGetValue(name, out var value) ? value : string.Empty;

    public bool GetBoolean(string name) => bool.TryParse(Get(name).Trim(), out var value) && value;

    public int GetInt32(string name, int fallback) =>
        int.TryParse(Get(name).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>The engine's view of these parameters (protocols, bundles, identity tokens).</summary>
    public ActionPolicy ToActionPolicy() => new(
        ProtocolPolicy.Parse(Get(SiteParameterNames.SupportedProtocols)),
        GetBoolean(SiteParameterNames.BundlesEnabled),
        GetBoolean(SiteParameterNames.UserIdentityToken));
}
