using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Trellis.Server.Benchmarks;

/// <summary>
/// Group by through the whole REST path of a running Trellis (<c>GET …/work_items/groups?group_by=…</c>: HTTP,
/// session, the endpoint's <c>GROUP BY</c>, the values' names, the JSON) against the same groups read with one
/// hand-written <c>GROUP BY</c> on the same SQLite file. The server, its session cookie and the database come from
/// <c>TRELLIS_BENCH_URL</c>, <c>TRELLIS_BENCH_COOKIE</c> and <c>TRELLIS_BENCH_DB</c>; <c>bench/query.sh</c> sets them
/// up with 100,000 work items spread over the defect phases and the demo's users.
/// </summary>
public class GroupByBenchmark
{
    private const long Workspace = 1002;
    private const int WarmUpRequests = 50;

    private HttpClient _http = null!;
    private SqliteConnection _sql = null!;
    private string _url = "";
    private string _groupSql = "";
    private int _chars;

    /// <summary>Gets the characters the last hand-written read produced (so the read cannot be skipped).</summary>
    public int Chars => _chars;

    /// <summary>Gets or sets the field grouped by: a phase (an entity) or an owner (a user, some work items without one).</summary>
    [Params("phase", "owner")]
    public string GroupBy { get; set; } = "phase";

    [GlobalSetup]
    public void Setup()
    {
        _http = BenchServer.Client();
        _sql = BenchServer.MappedConnection();
        _url = $"/api/shared_spaces/1001/workspaces/{Workspace}/work_items/groups?group_by={GroupBy}";

        // What a careful hand writes for the same answer: one GROUP BY over the workspace's work items (the expression
        // ix_entities_phase and ix_entities_owner index), the value's name joined to each group.
        var key = $"CAST(json_extract(e.fields, '$.{GroupBy}') AS INTEGER)";
        var names = GroupBy == "owner"
            ? "LEFT JOIN users AS v ON v.id = g.value_id"
            : "LEFT JOIN entities AS v ON v.id = g.value_id AND v.workspace_id = $ws";
        var columns = GroupBy == "owner" ? "v.login, NULL" : "v.name, v.logical_name";
        _groupSql = $"SELECT g.value_id, g.n, {columns} FROM (SELECT {key} AS value_id, COUNT(*) AS n FROM entities AS e "
            + $"WHERE e.workspace_id = $ws AND e.type = 'work_item' GROUP BY {key}) AS g {names} ORDER BY g.n DESC";

        // The server is a fresh process: warm it (tiered JIT, connection pool) so the measurement is its steady state.
        for (var i = 0; i < WarmUpRequests; i++)
        {
            Rest().GetAwaiter().GetResult();
        }

        // Both sides must give the same groups, or the comparison means nothing.
        var rest = Counts(JsonNode.Parse(Rest().GetAwaiter().GetResult())!["groups"]!.AsArray()
            .Select(g => (g!["value"]?["id"]?.GetValue<string>(), g["count"]!.GetValue<long>())));
        var sql = Counts(Read().Select(r => (r.Name is null || r.Id is not { } id ? null : id.ToString(CultureInfo.InvariantCulture), r.Count)));
        if (rest != sql || sql.Split(';').Length < 3)
        {
            throw new InvalidOperationException($"REST and SQL disagree: SQL {sql}; REST {rest}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _sql.Dispose();
    }

    /// <summary>The same groups and names with one hand-written <c>GROUP BY</c> through Microsoft.Data.Sqlite, the file mapped as the server maps it.</summary>
    [Benchmark(Baseline = true)]
    public int HandWrittenSql()
    {
        var builder = new StringBuilder();
        foreach (var (id, count, name, logicalName) in Read())
        {
            builder.Append(id).Append(count).Append(name).Append(logicalName);
        }

        _chars = builder.Length;
        return _chars;
    }

    /// <summary><c>GET …/work_items/groups?group_by=…</c> to the running server, body read to the end.</summary>
    [Benchmark]
    public async Task<string> Rest()
    {
        using var response = await _http.GetAsync(_url);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    private List<(long? Id, long Count, string? Name, string? LogicalName)> Read()
    {
        using var command = _sql.CreateCommand();
        command.CommandText = _groupSql;
        command.Parameters.AddWithValue("$ws", Workspace);
        using var reader = command.ExecuteReader();
        var rows = new List<(long?, long, string?, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    // Groups without a (still existing) value are one group on both sides, as the endpoint answers them.
    private static string Counts(IEnumerable<(string? Id, long Count)> groups) =>
        string.Join(";", groups.GroupBy(g => g.Id ?? "null").Select(g => $"{g.Key}={g.Sum(x => x.Count)}").Order(StringComparer.Ordinal));
}
