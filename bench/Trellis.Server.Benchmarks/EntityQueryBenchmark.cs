using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Trellis.Server.Benchmarks;

/// <summary>
/// A collection query through the whole REST path of a running Trellis (HTTP, session, query parsing and compiling,
/// the reads, the JSON) against the same answer read with hand-written SQL on the same SQLite file. The server,
/// its session cookie and the database come from <c>TRELLIS_BENCH_URL</c>, <c>TRELLIS_BENCH_COOKIE</c> and
/// <c>TRELLIS_BENCH_DB</c>; <c>bench/query.sh</c> sets them up with 100,000 entities.
/// </summary>
public class EntityQueryBenchmark
{
    private const long Workspace = 1002;
    private const int WarmUpRequests = 200;

    private HttpClient _http = null!;
    private SqliteConnection _sql = null!;
    private SqliteConnection _defaultSql = null!;
    private string _url = "";
    private string _oneUrl = "";
    private string _countSql = "";
    private string _pageSql = "";
    private long[] _ids = [];
    private int _chars;

    /// <summary>Gets the characters the last hand-written read produced (so the read cannot be skipped).</summary>
    public int Chars => _chars;

    /// <summary>Gets or sets the query: 500 defect ids, or the defects whose parent is one of 10 features.</summary>
    [Params("IdIn500", "ParentIdIn")]
    public string Shape { get; set; } = "IdIn500";

    [GlobalSetup]
    public void Setup()
    {
        _http = BenchServer.Client();
        _sql = BenchServer.MappedConnection();

        // Also read on a connection with Microsoft.Data.Sqlite's defaults (a 2 MB page cache, no mapping), as a reference;
        // unpooled, so that neither connection is handed one that another setup has mapped.
        _defaultSql = new SqliteConnection(_sql.ConnectionString);
        _defaultSql.Open();

        // Ids spread over the whole table, so neither side reads one warm page only.
        var defects = Column("SELECT id FROM entities WHERE workspace_id = 1002 AND type = 'work_item' AND subtype = 'defect' ORDER BY id");
        var features = Column("SELECT e.id FROM entities AS e WHERE e.workspace_id = 1002 AND e.subtype = 'feature' AND EXISTS "
            + "(SELECT 1 FROM entities AS c WHERE c.workspace_id = 1002 AND CAST(json_extract(c.fields, '$.parent') AS INTEGER) = e.id) ORDER BY e.id");
        _ids = Shape == "IdIn500" ? Spread(defects, 500) : Spread(features, 10);
        var list = string.Join(",", _ids.Select(i => $"'{i.ToString(CultureInfo.InvariantCulture)}'"));
        var query = Shape == "IdIn500" ? $"\"id IN {list}\"" : $"\"parent={{id IN {list}}}\"";
        _url = $"/api/shared_spaces/1001/workspaces/{Workspace}/defects?fields=id,name&limit=500&order_by=id&query={Uri.EscapeDataString(query)}";
        _oneUrl = $"/api/shared_spaces/1001/workspaces/{Workspace}/defects?fields=id,name&query={Uri.EscapeDataString($"\"id={_ids[0]}\"")}";

        // The ids travel as one JSON array parameter: with Microsoft.Data.Sqlite, 500 named parameters cost more than
        // the query (about 27 ms against 11 ms of REST in one run), so this is the form a careful hand would pick.
        var idSet = "SELECT value FROM json_each($ids)";
        var where = Shape == "IdIn500"
            ? $"e.workspace_id = $ws AND e.type = 'work_item' AND e.subtype = 'defect' AND e.id IN ({idSet})"
            : $"e.workspace_id = $ws AND e.type = 'work_item' AND e.subtype = 'defect' AND CAST(json_extract(e.fields, '$.parent') AS INTEGER) IN "
              + $"(SELECT p.id FROM entities AS p WHERE p.workspace_id = $ws AND p.type = 'work_item' AND p.id IN ({idSet}))";
        _countSql = $"SELECT COUNT(*) FROM entities AS e WHERE {where}";
        // For the cross filter, `ORDER BY e.id` makes SQLite walk all defects in id order (evaluating the parent of
        // each) instead of using ix_entities_parent; `+e.id` is the usual hand fix, and it answers in the same order.
        _pageSql = $"SELECT e.id, e.name FROM entities AS e WHERE {where} ORDER BY {(Shape == "IdIn500" ? "e.id" : "+e.id")} LIMIT 500";

        // The server is a fresh process: warm it (tiered JIT, connection pool, caches) so the measurement is its steady
        // state, as the hand-written side is warmed by BenchmarkDotNet in this process.
        for (var i = 0; i < WarmUpRequests; i++)
        {
            Rest().GetAwaiter().GetResult();
        }

        // Both sides must give the same rows, or the comparison means nothing.
        var rest = Rest().GetAwaiter().GetResult();
        var sql = HandWrittenSql();
        if (!rest.Contains($"\"total_count\":{sql}", StringComparison.Ordinal) || sql == 0)
        {
            throw new InvalidOperationException($"REST and SQL disagree: SQL counted {sql}; REST said {rest[..Math.Min(rest.Length, 300)]}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _sql.Dispose();
        _defaultSql.Dispose();
    }

    /// <summary>The same count and page, read with hand-written SQL through Microsoft.Data.Sqlite, the file mapped as the server maps it.</summary>
    [Benchmark(Baseline = true)]
    public long HandWrittenSql() => Read(_sql);

    /// <summary>The same, on a connection with Microsoft.Data.Sqlite's defaults (what a server without the mapping would read).</summary>
    [Benchmark]
    public long HandWrittenSqlDefaultConnection() => Read(_defaultSql);

    /// <summary><c>GET …/defects?query=…&amp;fields=id,name</c> to the running server, body read to the end.</summary>
    [Benchmark]
    public Task<string> Rest() => Get(_url);

    /// <summary>
    /// One defect by id through the same path: the cost of a request that reads almost nothing (HTTP, session, scope,
    /// two tiny statements), which bounds how close <see cref="Rest"/> can come to the SQL alone.
    /// </summary>
    [Benchmark]
    public Task<string> RestOneEntity() => Get(_oneUrl);

    private async Task<string> Get(string url)
    {
        using var response = await _http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    private long Read(SqliteConnection connection)
    {
        long total;
        using (var count = Command(connection, _countSql))
        {
            total = (long)count.ExecuteScalar()!;
        }

        using var page = Command(connection, _pageSql);
        using var reader = page.ExecuteReader();
        var builder = new StringBuilder();
        while (reader.Read())
        {
            builder.Append(reader.GetInt64(0)).Append(reader.GetString(1));
        }

        _chars = builder.Length;
        return total;
    }

    private SqliteCommand Command(SqliteConnection connection, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Parameters.AddWithValue("$ws", Workspace);
        command.Parameters.AddWithValue("$ids", "[" + string.Join(",", _ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");

        return command;
    }

    private List<long> Column(string text)
    {
        using var command = _sql.CreateCommand();
        command.CommandText = text;
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    private static long[] Spread(List<long> ids, int count) =>
        ids.Count < count ? throw new InvalidOperationException($"Only {ids.Count} candidates, {count} needed.")
        : [.. Enumerable.Range(0, count).Select(i => ids[(int)((long)i * ids.Count / count)])];
}
