using Trellis.Actions.Policy;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Launch;

/// <summary>The run-time URL check of docs/reference/launches.md#run-time-url-check, on the normalised URL after substitution.</summary>
internal static class RunTimeCheck
{
    public static bool Passes(UrlTemplate template, string normalizedUrl, LaunchMode mode, ProtocolPolicy protocols)
    {
        var hasScheme = UrlScheme.TryRead(normalizedUrl, out var scheme);

        // javascript:, data:, vbscript: and file: never open, whatever the template starts with.
        if (hasScheme && ProtocolPolicy.IsAlwaysForbidden(scheme))
        {
            return false;
        }

        if (template.StartsWithBaseUrl)
        {
            return true;
        }

        if (!hasScheme || !protocols.Allows(scheme))
        {
            return false;
        }

        // Frames only load web pages; the validator refuses anything else at save time (XA1508), this holds at run time.
        return mode is not (LaunchMode.Dialog or LaunchMode.SidePanel) || LaunchTarget.IsWebScheme(scheme);
    }
}
