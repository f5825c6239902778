using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Trellis.Server.Features.Operations;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// A node runs on the slim host with what operators configure added back (docs/deployment.md, "The host"): Kestrel's
/// https endpoints and certificates from configuration, and HTTP/3 only when an endpoint asks for it.
/// </summary>
public sealed class HostTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANode_ServesHttps_FromTheEndpointAndCertificateInItsConfiguration()
    {
        var data = Directory.CreateTempSubdirectory("trellis-https-");
        var pfx = Path.Combine(data.FullName, "node.pfx");
        using var certificate = TestCertificates.CreatePfx("CN=127.0.0.1", pfx, "Pfx-Password-1");
        var httpsPort = ServerProcess.FreePort();
        var node = ServerProcess.SqliteNode("https-node", data.FullName);
        // Endpoints in configuration replace --urls, so the plain one the start waits on is configured too.
        node.With("Kestrel__Endpoints__Http__Url", node.Address.GetLeftPart(UriPartial.Authority))
            .With("Kestrel__Endpoints__Https__Url", $"https://127.0.0.1:{httpsPort}")
            .With("Kestrel__Endpoints__Https__Certificate__Path", pfx)
            .With("Kestrel__Endpoints__Https__Certificate__Password", "Pfx-Password-1");
        try
        {
            await node.StartAsync();
            X509Certificate2? presented = null;
            using var client = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, served, _, _) => (presented = served is null ? null : X509CertificateLoader.LoadCertificate(served.RawData)) is not null,
            });

            using var response = await client.GetAsync($"https://127.0.0.1:{httpsPort}/healthz/ready", Cancel);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
        }
        finally
        {
            node.Dispose();
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Kestrel:EndpointDefaults:Protocols", "Http1AndHttp2AndHttp3", true)]
    [InlineData("Kestrel:Endpoints:Https:Protocols", "http3", true)]
    [InlineData("Kestrel:Endpoints:Https:Protocols", "Http1AndHttp2", false)]
    [InlineData("Kestrel:Endpoints:Https:Url", "https://+:443", false)]
    [InlineData("Trellis:Notes:Protocols", "Http3", false)]
    public void Http3_IsSetUp_OnlyWhenAKestrelEndpointAsksForIt(string key, string value, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.Equal(expected, HostExtensions.AsksForHttp3(configuration));
    }
}
