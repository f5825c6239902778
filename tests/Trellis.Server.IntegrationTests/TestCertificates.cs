using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Trellis.Server.IntegrationTests;

/// <summary>Self-signed certificates with their private keys, for the tests that hand one to a node as a PKCS#12 file.</summary>
internal static class TestCertificates
{
    /// <summary>
    /// A new RSA certificate for <paramref name="subject"/> that also names the loopback address, valid from a day ago
    /// for a year, written with its key to <paramref name="pfxPath"/> under <paramref name="password"/>.
    /// </summary>
    public static X509Certificate2 CreatePfx(string subject, string pfxPath, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pkcs12, password));
        return certificate;
    }
}
