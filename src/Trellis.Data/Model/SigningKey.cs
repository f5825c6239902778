namespace Trellis.Data.Model;

/// <summary>An RSA key that signs user-identity tokens; every node signs with the newest one that is not retired.</summary>
public sealed class SigningKey
{
    /// <summary>Gets or sets the key id: the hex SHA-256 of the DER SubjectPublicKeyInfo.</summary>
    public required string Kid { get; set; }

    /// <summary>Gets or sets the private key, PKCS#8 DER.</summary>
    public required byte[] PrivateKey { get; set; }

    /// <summary>Gets or sets when the key was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when a newer key replaced it; it stays published for a while after that.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
