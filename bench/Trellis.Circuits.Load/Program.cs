using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Trellis.Circuits.Load;

// Opens N real Blazor Server circuits on one Trellis node, each a signed-in user with the backlog grid open, measures the
// node's memory per idle circuit, then drives every circuit through grid interactions at once and prints the latency
// percentiles (bench/README.md, "Circuits"). Never asserts; prints a Markdown table.
var options = LoadOptions.Parse(args);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) };
var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
var token = cancel.Token;

Console.Error.WriteLine($"Signing in {options.Users} users…");
var signInStarted = Stopwatch.GetTimestamp();
var cookies = new CookieContainer[options.Users];
await Parallel.ForEachAsync(Enumerable.Range(0, options.Users), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = token }, async (user, ct) =>
{
    cookies[user] = await SignInAsync(http, options.Url, options.Login(user), options.Password, ct);
});
Console.Error.WriteLine($"  {Stopwatch.GetElapsedTime(signInStarted).TotalSeconds:F1} s");

// One circuit first, driven through every interaction, so the JIT and the node's caches are warm before anything counts.
var circuits = new LoadCircuit?[options.Users];
LoadCircuit.SaveBatchesTo = options.SaveBatches;
(circuits[0], _) = await LoadCircuit.OpenAsync(http, options.Url, options.Page, cookies[0], options.Verbose, timeout, token);
var warm = new Samples();
await InteractAsync(circuits[0]!, 2, warm, new Random(0), 0, token);
Console.Error.WriteLine($"Warm-up circuit: {warm.Summary()}; JavaScript calls answered: {string.Join(", ", circuits[0]!.JsCalls.Select(c => $"{c.Key}×{c.Value}"))}");

LoadCircuit.SaveBatchesTo = null;
var before = await ReadMemoryAsync("1 circuit");

Console.Error.WriteLine($"Opening {options.Users - 1} more circuits, {options.OpenConcurrency} at a time…");
var opens = new Samples();
var openFailures = new List<string>();
await Parallel.ForEachAsync(Enumerable.Range(1, options.Users - 1), new ParallelOptions { MaxDegreeOfParallelism = options.OpenConcurrency, CancellationToken = token }, async (user, ct) =>
{
    try
    {
        var (circuit, milliseconds) = await LoadCircuit.OpenAsync(http, options.Url, options.Page, cookies[user], false, timeout, ct);
        circuits[user] = circuit;
        opens.Add("open", milliseconds);
    }
    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
    {
        lock (openFailures)
        {
            openFailures.Add($"user {user}: {e.GetType().Name}: {e.Message}");
        }
    }
});
var open = circuits.Where(c => c is not null).Cast<LoadCircuit>().ToList();
Console.Error.WriteLine($"  {open.Count} circuits open; {openFailures.Count} failed{(openFailures.Count > 0 ? ": " + openFailures[0] : "")}");

await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), token);
var idle = await ReadMemoryAsync($"{open.Count} circuits, idle");

Console.Error.WriteLine($"Driving {open.Count} circuits through {options.Rounds} rounds each (think time {options.ThinkMilliseconds} ms on average)…");
var samples = new Samples();
var cpuBefore = options.ServerPid is { } serverPid ? ServerMemory.CpuSeconds(serverPid) : double.NaN;
var driveStarted = Stopwatch.GetTimestamp();
await Task.WhenAll(open.Select((circuit, index) => InteractAsync(circuit, options.Rounds, samples, new Random(index + 1), options.ThinkMilliseconds, token)));
var driveSeconds = Stopwatch.GetElapsedTime(driveStarted).TotalSeconds;
// The server's own CPU per interaction: what it costs whatever else shares the cores.
var serverCpu = options.ServerPid is { } pidAfter ? ServerMemory.CpuSeconds(pidAfter) - cpuBefore : double.NaN;
var alive = open.Count(c => c.Connected && c.Error is null);

await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), token);
var after = await ReadMemoryAsync($"{open.Count} circuits, idle after the interactions");

Console.WriteLine();
Console.WriteLine($"{options.Users} users, {open.Count} circuits opened ({openFailures.Count} failed), {alive} still alive after the interactions; " +
                  $"{options.Rounds} rounds each in {driveSeconds:F0} s, think time {options.ThinkMilliseconds} ms on average; load average {LoadAverage()}");
Console.WriteLine();
if (!double.IsNaN(serverCpu))
{
    var interactions = samples.Count;
    Console.WriteLine($"Server CPU during the interactions: {serverCpu:F1} s in {driveSeconds:F0} s ({serverCpu / driveSeconds:F2} cores busy on average), " +
                      $"{serverCpu * 1000 / Math.Max(1, interactions):F1} ms per interaction over {interactions}");
    Console.WriteLine();
}

Console.WriteLine("| Interaction | Count | Failed | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
Console.WriteLine(opens.Row("open", "Open the grid (GET, connect, first rows)"));
foreach (var (kind, label) in new[] { ("page", "Next page (location change → new rows)"), ("select", "Select a row (rowtoggle → next batch)"), ("details", "Open details (location change → the item shown)"), ("grid", "Back to the grid (location change → rows)") })
{
    Console.WriteLine(samples.Row(kind, label));
}

Console.WriteLine(samples.Row(["page", "select", "details"], "**All three (select, page, details)**"));
Console.WriteLine();
Console.WriteLine("| Server memory | Managed heap after a full GC (MB) | RSS (MB) |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine(MemoryRow("1 circuit (warm)", before));
Console.WriteLine(MemoryRow($"{open.Count} circuits, idle", idle));
Console.WriteLine(MemoryRow($"{open.Count} circuits, idle after the interactions", after));
if (open.Count > 1)
{
    Console.WriteLine(PerCircuitRow("Per circuit, idle", before, idle, open.Count - 1));
    Console.WriteLine(PerCircuitRow("Per circuit, after the interactions", before, after, open.Count - 1));
}

foreach (var failure in openFailures.Take(5).Concat(samples.Failures.Take(5)))
{
    Console.Error.WriteLine($"  failure: {failure}");
}

await Task.WhenAll(open.Select(c => c.DisposeAsync().AsTask()));
return 0;

async Task<ServerMemory.Reading?> ReadMemoryAsync(string label)
{
    if (options.ServerPid is not { } pid)
    {
        return null;
    }

    var reading = await ServerMemory.ReadAsync(pid, token);
    Console.Error.WriteLine($"Memory with {label}: heap {Mb(reading.HeapBytes)} MB, RSS {Mb(reading.ResidentBytes)} MB");
    return reading;
}

async Task InteractAsync(LoadCircuit circuit, int rounds, Samples into, Random random, int think, CancellationToken ct)
{
    async Task Step(string kind, Func<Task<double>> interaction)
    {
        if (think > 0)
        {
            await Task.Delay(random.Next(think / 2, think + (think / 2) + 1), ct);
        }

        try
        {
            into.Add(kind, await interaction());
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or InvalidDataException)
        {
            into.Fail(kind, e.Message);
        }
    }

    for (var round = 0; round < rounds; round++)
    {
        await Step("page", () => circuit.NavigateAsync(options.Page + "?page=2", LoadCircuit.ShowsRows, timeout, ct));
        var rows = circuit.Rows;
        var row = rows.Count > 0 ? rows[random.Next(rows.Count)] : ("", "");
        await Step("select", () => circuit.ToggleRowAsync(row.Item1, true, timeout, ct));
        await Step("select", () => circuit.ToggleRowAsync(row.Item1, false, timeout, ct));
        await Step("details", () => circuit.NavigateAsync(row.Item2, LoadCircuit.ShowsText(row.Item1), timeout, ct));
        await Step("grid", () => circuit.NavigateAsync(options.Page, LoadCircuit.ShowsRows, timeout, ct));
    }
}

static async Task<CookieContainer> SignInAsync(HttpClient http, Uri url, string login, string password, CancellationToken ct)
{
    using var response = await http.PostAsJsonAsync(new Uri(url, "authentication/sign_in"), new { user = login, password }, ct);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Signing in as {login} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    var container = new CookieContainer();
    foreach (var cookie in response.Headers.GetValues("Set-Cookie"))
    {
        container.SetCookies(url, cookie);
    }

    return container;
}

static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) : "n/a";

static string MemoryRow(string label, ServerMemory.Reading? reading) =>
    reading is null ? $"| {label} | n/a | n/a |" : $"| {label} | {Mb(reading.HeapBytes)} | {Mb(reading.ResidentBytes)} |";

static string PerCircuitRow(string label, ServerMemory.Reading? from, ServerMemory.Reading? to, int circuits)
{
    string Kb(long? a, long? b) => a is { } x && b is { } y ? ((y - x) / 1024.0 / circuits).ToString("F0", CultureInfo.InvariantCulture) + " KB" : "n/a";
    return from is null || to is null ? $"| {label} | n/a | n/a |" : $"| {label} | {Kb(from.HeapBytes, to.HeapBytes)} | {Kb(from.ResidentBytes, to.ResidentBytes)} |";
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
