using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The reference deployment as an operator runs it, as real processes (deploy/two-node/run.sh does the same by hand):
/// two published-style Trellis nodes on one PostgreSQL database, and the reference proxy (src/Trellis.Proxy) in front
/// of them. Only with <c>TRELLIS_TEST_POSTGRES</c>; otherwise <see cref="Proxy"/> is null and the tests skip. The browser
/// tests link this file too (NodeFailoverTests: a real browser's reconnection to the surviving node).
/// </summary>
public sealed class ProxiedTwoNodes : IAsyncLifetime
{
    private string? _server;

    public string? Database { get; private set; }

    public ServerProcess? First { get; private set; }

    public ServerProcess? Second { get; private set; }

    public ServerProcess? Proxy { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable(TrellisApplication.PostgresVariable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            return;
        }

        Database = await TestDatabases.CreateAsync(_server);
        var connection = new NpgsqlConnectionStringBuilder(_server) { Database = Database }.ConnectionString;
        First = ServerProcess.Node("node1", connection);
        Second = ServerProcess.Node("node2", connection);
        Proxy = ServerProcess.ProxyFor(First, Second);
        // Both nodes start at once, as after a deployment: one migrates and bootstraps while the other waits its turn.
        await Task.WhenAll(First.StartAsync(), Second.StartAsync(), Proxy.StartAsync());
        await BothNodesInTurnAsync();
    }

    /// <summary>
    /// Waits until the proxy hands new browsers both nodes in turn. A node refuses readiness while the other migrates,
    /// and the proxy's probe, every 2 s, takes it out; it is back only at the probe after the node became ready, so
    /// until then every browser lands on the same node.
    /// </summary>
    public async Task BothNodesInTurnAsync()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (seen.Count < 2)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The proxy did not balance new browsers over both nodes within 60 s (seen: {string.Join(", ", seen)}):\n{Proxy!.Output}");
            }

            // A browser without the affinity cookie: the UI cluster picks the next healthy node and names it in the cookie.
            using var client = Proxy!.Client();
            using var page = await client.GetAsync("/login");
            var pinned = page.Headers.TryGetValues("Set-Cookie", out var cookies)
                ? cookies.FirstOrDefault(c => c.StartsWith(ServerProcess.AffinityCookie + "=", StringComparison.Ordinal))
                : null;
            if (pinned is not null)
            {
                seen.Add(pinned.Split(';')[0]);
            }

            if (seen.Count < 2)
            {
                await Task.Delay(200);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { Proxy, First, Second })
        {
            process?.Dispose();
        }

        if (Database is not null)
        {
            await TestDatabases.DropAsync(_server!, Database);
        }
    }
}

/// <summary>One built program (Trellis.Server or Trellis.Proxy) run with <c>dotnet</c> on a free loopback port.</summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>The cookie by which the reference proxy keeps a browser on one node.</summary>
    public const string AffinityCookie = "Trellis.Node";

    // Generous: a node waits for the other's migration and bootstrap, on a machine the rest of the suite keeps busy.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(180);

    private readonly string _name;
    private readonly string _assembly;
    private readonly string _readyPath;
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ServerProcess(string name, string project, string readyPath, Dictionary<string, string> environment)
    {
        _name = name;
        _assembly = BuiltAssembly(project);
        _readyPath = readyPath;
        _environment = environment;
        Port = FreePort();
    }

    public int Port { get; }

    /// <summary>The running program's process id (the <c>dotnet</c> host runs it in its own process).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{_name} is not started.");

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>A Trellis node on <paramref name="connectionString"/>, trusting the proxy on the loopback address.</summary>
    public static ServerProcess Node(string name, string connectionString) => new(name, "Trellis.Server", "/healthz/ready", new()
    {
        ["Trellis__Database__Provider"] = "Postgres",
        ["ConnectionStrings__Trellis"] = connectionString,
        ["Trellis__Bootstrap__AdminLogin"] = TrellisApplication.AdminLogin,
        ["Trellis__Bootstrap__AdminPassword"] = TrellisApplication.AdminPassword,
        ["Trellis__Bootstrap__DemoData"] = "false",
        ["Trellis__ForwardedHeaders__KnownProxies"] = "127.0.0.1",
        // No automatic bundle listener on the next port, which another process of the test may hold.
        ["Trellis__Bundles__Origin"] = "http://127.0.0.1:9",
    });

    /// <summary>A Trellis node on its own SQLite database in <paramref name="dataDirectory"/>, without demo data.</summary>
    public static ServerProcess SqliteNode(string name, string dataDirectory) => new(name, "Trellis.Server", "/healthz/ready", new()
    {
        ["Trellis__DataDirectory"] = dataDirectory,
        ["Trellis__Bootstrap__AdminLogin"] = TrellisApplication.AdminLogin,
        ["Trellis__Bootstrap__AdminPassword"] = TrellisApplication.AdminPassword,
        ["Trellis__Bootstrap__DemoData"] = "false",
        ["Trellis__Bundles__Origin"] = "http://127.0.0.1:9",
    });

    /// <summary>The reference proxy in front of <paramref name="nodes"/>.</summary>
    public static ServerProcess ProxyFor(params ServerProcess[] nodes) => new("proxy", "Trellis.Proxy", "/healthz/live", new()
    {
        ["Trellis__Proxy__Nodes"] = string.Join(',', nodes.Select(n => n.Address.GetLeftPart(UriPartial.Authority))),
    });

    /// <summary>Sets one more environment variable of the process; before <see cref="StartAsync"/>.</summary>
    public ServerProcess With(string key, string value)
    {
        _environment[key] = value;
        return this;
    }

    public HttpClient Client(bool handleCookies = false, CookieContainer? cookies = null) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = handleCookies || cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
    })
    { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts the program and waits until <c>readyPath</c> answers 200.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.GetLeftPart(UriPartial.Authority));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_name} did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = TimeProvider.System.GetUtcNow() + s_startTimeout;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var ready = await probe.GetAsync(_readyPath);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{_name} was not ready at {Address.GetLeftPart(UriPartial.Authority)}{_readyPath} within {s_startTimeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or a lost machine would: no graceful shutdown.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>What the process printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // The last few thousand characters are enough to say why a start failed.
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }

            _output.AppendLine(line);
        }
    }

    // The build of the same configuration as this test assembly: artifacts/bin/<project>/<configuration>/<project>.dll.
    private static string BuiltAssembly(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(testOutput.Parent!.Parent!.FullName, project, testOutput.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built at {path}; build Trellis.slnx first.", path);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
