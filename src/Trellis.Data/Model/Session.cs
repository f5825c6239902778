namespace Trellis.Data.Model;

/// <summary>A signed-in session; any node can check it because it lives in the database.</summary>
public sealed class Session
{
    /// <summary>Gets or sets the SHA-256 hash of the cookie value (base64url); the cookie value itself is never stored.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the signed-in user.</summary>
    public long UserId { get; set; }

    /// <summary>Gets or sets the API key the session was opened with, if any.</summary>
    public long? ApiKeyId { get; set; }

    /// <summary>Gets or sets the XSRF token bound to the session (the <c>XSRF_COOKIE</c> value).</summary>
    public required string XsrfToken { get; set; }

    /// <summary>Gets or sets when the session was opened; it ends 12 hours later at the latest.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets the last request; the session ends after 60 idle minutes.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Gets or sets when the session was signed out; <see langword="null"/> while it is open.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
