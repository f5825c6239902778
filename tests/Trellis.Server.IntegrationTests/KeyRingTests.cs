using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>The sign-in form as a browser sends it: fetched from one server, posted (with its cookie) to another.</summary>
internal static partial class SignInForm
{
    public static async Task<(string Cookie, string Token)> FetchAsync(HttpClient client)
    {
        using var page = await client.GetAsync("/login", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];
        var token = TokenPattern().Match(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Groups[1].Value;
        Assert.NotEmpty(token);
        return (cookie, token);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, (string Cookie, string Token) form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = form.Token,
                ["Input.Login"] = TrellisApplication.AdminLogin,
                ["Input.Password"] = TrellisApplication.AdminPassword,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static void AssertSignedIn(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"The sign-in form answered {(int)response.StatusCode}.");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("LWSSO_COOKIE_KEY=", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Two nodes on one PostgreSQL database read one key ring (docs/deployment.md, "The key ring").</summary>
public sealed class SharedKeyRingTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    [Fact]
    public async Task TheSignInFormFetchedFromOneNodeIsAcceptedByTheOther()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        using var one = nodes.First.Anonymous(handleCookies: false);
        using var two = nodes.Second.Anonymous(handleCookies: false);
        var form = await SignInForm.FetchAsync(one);

        using var response = await SignInForm.PostAsync(two, form);

        SignInForm.AssertSignedIn(response);
        // Nodes starting together may each add a key; both are in the one table, and either node reads both.
        Assert.True(await nodes.Second.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
    }
}

/// <summary>The key ring on SQLite, in the clear and encrypted with a certificate.</summary>
public sealed class KeyRingTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task TheFirstFormCreatesOneKeyInTheDatabase_AndItsPostIsAccepted()
    {
        using var client = app.Anonymous(handleCookies: false);
        var form = await SignInForm.FetchAsync(client);

        using var response = await SignInForm.PostAsync(client, form);

        SignInForm.AssertSignedIn(response);
        var xml = Assert.Single(await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()));
        // Without a certificate the key is stored readable by whoever reads the database.
        Assert.Contains("<masterKey", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithACertificateTheStoredKeyIsEncrypted_AndStillWorks()
    {
        await using var encrypted = new CertificateKeyRingApplication();
        await encrypted.InitializeAsync();
        using var client = encrypted.Anonymous(handleCookies: false);
        var form = await SignInForm.FetchAsync(client);

        using var response = await SignInForm.PostAsync(client, form);

        SignInForm.AssertSignedIn(response);
        var xml = Assert.Single(await encrypted.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()));
        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCertificateFileStopsTheStartWithItsSetting()
    {
        using var broken = new CertificateKeyRingApplication(Path.Combine(Path.GetTempPath(), "no-such-trellis-key-ring.pfx"));
        var error = Assert.ThrowsAny<Exception>(() => broken.Server);
        Assert.Contains("Trellis:DataProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A SQLite node whose key ring is encrypted with a fresh self-signed certificate.</summary>
    private sealed class CertificateKeyRingApplication(string? certificatePath = null) : TrellisApplication(DatabaseProvider.Sqlite)
    {
        private readonly string _certificate = certificatePath ?? CreateCertificate();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Trellis:DataProtection:CertificatePath", _certificate);
            builder.UseSetting("Trellis:DataProtection:CertificatePassword", "ring-password");
        }

        private static string CreateCertificate()
        {
            var path = Path.Combine(Path.GetTempPath(), $"trellis-key-ring-{Guid.NewGuid():N}.pfx");
            using var certificate = TestCertificates.CreatePfx("CN=Trellis key ring", path, "ring-password");
            return path;
        }
    }
}
