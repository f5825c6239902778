using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Trellis.Data;

namespace Trellis.Server.Features.Operations;

/// <summary>
/// The ASP.NET Core Data Protection key ring (session-independent cookies, antiforgery tokens, Blazor circuit state)
/// kept in the database, so every node behind a balancer reads and writes the same keys (docs/deployment.md).
/// </summary>
internal static class KeyRingExtensions
{
    /// <summary>The one application name: nodes installed under different folders still share their keys.</summary>
    public const string ApplicationName = "Trellis";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest.</summary>
    public const string CertificatePathKey = "Trellis:DataProtection:CertificatePath";

    /// <summary>The password of that file, if it has one.</summary>
    public const string CertificatePasswordKey = "Trellis:DataProtection:CertificatePassword";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<TrellisDbContext>();
        var path = configuration[CertificatePathKey];
        if (!string.IsNullOrWhiteSpace(path))
        {
            // Also registers the certificate for decryption, so no certificate store is needed on Linux.
            builder.ProtectKeysWithCertificate(LoadCertificate(path, configuration[CertificatePasswordKey]));
        }

        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{CertificatePathKey}: '{path}' could not be read as a PKCS#12 file ({exception.Message}).", exception);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{CertificatePathKey}: the certificate in '{path}' has no private key, so the key ring could not be read back.");
    }
}
