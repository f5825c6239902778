using Trellis.Actions.Configuration;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Launch;

/// <summary>Where a launch goes: its mode (docs/reference/launches.md#modes) and the app's origin.</summary>
internal static class LaunchTarget
{
    public static bool IsWebScheme(string scheme) => scheme is "http" or "https";

    /// <summary>The mode; a button's tab or protocol handler is read from the URL, or the template before expansion.</summary>
    public static LaunchMode ModeOf(ActionDefinition action, UrlTemplate? template, string? url) => action.Kind switch
    {
        ActionKind.SidePanel => LaunchMode.SidePanel,
        ActionKind.AviatorChip => LaunchMode.AviatorChat,
        _ when action.Dialog is not null => LaunchMode.Dialog,
        _ when template is null || template.StartsWithBaseUrl => LaunchMode.Tab,
        _ => UrlScheme.TryRead(url ?? UrlScheme.Normalize(template.Source), out var scheme) && !IsWebScheme(scheme)
            ? LaunchMode.ProtocolHandler
            : LaunchMode.Tab,
    };

    /// <summary>The origin a browser gives a page at <paramref name="url"/>, or <see langword="null"/> when it has none.</summary>
    public static string? OriginOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsWebScheme(uri.Scheme) || uri.IdnHost.Length == 0)
        {
            return null;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
