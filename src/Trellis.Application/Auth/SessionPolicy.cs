namespace Trellis.Application.Auth;

/// <summary>How long a session lives (docs/reference/rest.md#authentication, Trellis): it slides, up to a total.</summary>
internal static class SessionPolicy
{
    /// <summary>The session ends after this long without a request.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(60);

    /// <summary>The session ends this long after sign-in, however busy.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    /// <summary>
    /// The stored last-seen time is moved only when it is at least this old: against a 60-minute idle timeout a
    /// minute of slack is invisible, and it saves a database write on almost every request.
    /// </summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);
}
