using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// What a node keeps in memory starts with what it loads (docs/performance.md, idle memory): a node on SQLite never
/// loads the PostgreSQL provider, the HTML sanitizer's parsers load with the first memo shown, not with the first
/// grid, and the slim host loads neither IIS integration nor QUIC. Read from the running node's own memory map, so only where /proc exists (Linux, as in CI).
/// </summary>
public sealed class LoadedAssembliesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASqliteNode_NeverLoadsNpgsql_AndLoadsTheHtmlParsersWithTheFirstMemoShown()
    {
        if (!Directory.Exists("/proc/self"))
        {
            Assert.Skip("the memory map of a process is read from /proc, which this system does not have");
        }

        var data = Directory.CreateTempSubdirectory("trellis-loads-");
        var node = ServerProcess.SqliteNode("sqlite-node", data.FullName);
        try
        {
            await node.StartAsync();
            using var client = node.Client(cookies: new CookieContainer());
            using (var signIn = await client.PostAsJsonAsync("/authentication/sign_in",
                new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel))
            {
                Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            }

            var id = await CreateDefectAsync(client, "<p>Steps: open the <b>grid</b></p>");
            foreach (var path in new[] { "/1001/1002/backlog", $"{TrellisApplication.Base}/defects?fields=name,description", $"{TrellisApplication.Base}/defects/{id}" })
            {
                using var read = await client.GetAsync(path, Cancel);
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            }

            Assert.DoesNotContain(LoadedAssemblies(node), name => name.StartsWith("Npgsql", StringComparison.Ordinal));
            Assert.DoesNotContain("AngleSharp.dll", LoadedAssemblies(node));
            // The slim host: no IIS integration, and no QUIC while no endpoint asks for HTTP/3.
            Assert.DoesNotContain("Microsoft.AspNetCore.Server.IIS.dll", LoadedAssemblies(node));
            Assert.DoesNotContain("System.Net.Quic.dll", LoadedAssemblies(node));

            // The item's page shows its description: now the sanitizer is built, and the page shows the memo cleaned.
            using var page = await client.GetAsync($"/1001/1002/defect/{id}", Cancel);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("open the <b>grid</b>", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            Assert.Contains("AngleSharp.dll", LoadedAssemblies(node));
            Assert.DoesNotContain(LoadedAssemblies(node), name => name.StartsWith("Npgsql", StringComparison.Ordinal));
        }
        finally
        {
            node.Dispose();
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres, true)]
    [InlineData(DatabaseProvider.Sqlite, false)]
    public void IsPostgres_AnswersAsTheProvidersOwnCheck(DatabaseProvider provider, bool postgres)
    {
        var settings = new DatabaseSettings(provider, provider == DatabaseProvider.Postgres ? "Host=127.0.0.1;Database=none" : "Data Source=:memory:", MigrateOnStart: false);
        var options = new DbContextOptionsBuilder<TrellisDbContext>();
        DataExtensions.Configure(options, settings);
        using var db = new TrellisDbContext(options.Options);
        Assert.Equal(postgres, db.Database.IsPostgres());
        Assert.Equal(db.Database.IsNpgsql(), db.Database.IsPostgres());
    }

    // The file names of the .dll files mapped into the node's memory.
    private static HashSet<string> LoadedAssemblies(ServerProcess node) =>
        File.ReadLines($"/proc/{node.ProcessId}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[^1].EndsWith(".dll", StringComparison.Ordinal))
            .Select(fields => Path.GetFileName(fields[^1]))
            .ToHashSet(StringComparer.Ordinal);

    private static async Task<string> CreateDefectAsync(HttpClient client, string description)
    {
        using var response = await client.PostAsJsonAsync($"{TrellisApplication.Base}/defects",
            new { data = new[] { new { name = "A defect with a description", description } } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Cancel);
        return body!["data"]![0]!["id"]!.GetValue<string>();
    }
}
