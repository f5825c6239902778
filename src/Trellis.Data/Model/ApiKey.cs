namespace Trellis.Data.Model;

/// <summary>An API key (<c>client_id</c>, <c>client_secret</c>) that acts with its user's roles.</summary>
public sealed class ApiKey
{
    /// <summary>The longest name the key's column holds.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the user the key acts as.</summary>
    public long UserId { get; set; }

    /// <summary>Gets or sets a name that tells the key's purpose.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the public client id; unique.</summary>
    public required string ClientId { get; set; }

    /// <summary>Gets or sets the hash of the secret; the secret itself is shown once and never stored.</summary>
    public required string SecretHash { get; set; }

    /// <summary>Gets or sets when the key was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the key was revoked; <see langword="null"/> while it is valid.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
