using System.Net;
using Microsoft.Data.Sqlite;

namespace Trellis.Server.Benchmarks;

/// <summary>The running server and its SQLite file that <c>bench/query.sh</c> prepares, as the benchmarks reach them.</summary>
internal static class BenchServer
{
    /// <summary>An HTTP client for <c>TRELLIS_BENCH_URL</c>, signed in with the session in <c>TRELLIS_BENCH_COOKIE</c>.</summary>
    public static HttpClient Client()
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(Required("TRELLIS_BENCH_URL")),
        };
        http.DefaultRequestHeaders.Add("Cookie", $"LWSSO_COOKIE_KEY={Required("TRELLIS_BENCH_COOKIE")}");
        return http;
    }

    /// <summary>
    /// A read-only, unpooled connection to <c>TRELLIS_BENCH_DB</c> that maps the file into memory as the server's
    /// connections do (Trellis.Data's SqliteConnectionSetup): otherwise a comparison measures SQLite's page cache
    /// rather than the REST path.
    /// </summary>
    public static SqliteConnection MappedConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Required("TRELLIS_BENCH_DB"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var mmap = connection.CreateCommand();
        mmap.CommandText = "PRAGMA mmap_size=268435456;";
        mmap.ExecuteNonQuery();
        return connection;
    }

    public static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");
}
