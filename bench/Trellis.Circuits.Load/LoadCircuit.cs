using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Trellis.Circuits.Load;

/// <summary>
/// One signed-in user's circuit, opened as <c>blazor.web.js</c> opens it: the prerendered page is read over HTTP, the
/// hub connection starts a circuit (<c>StartCircuit</c>) and adds the page's root components
/// (<c>UpdateRootComponents</c>); every render batch is acknowledged (<c>OnRenderCompleted</c>) and every JavaScript
/// call the server makes is answered as done. Interactions are timed from sending to the render batch that shows
/// their result.
/// </summary>
internal sealed partial class LoadCircuit : IAsyncDisposable
{
    private const string RowsMarker = "<!--rows ";
    private readonly HubConnection _hub;
    private readonly Uri _base;
    private readonly bool _verbose;
    private readonly Lock _gate = new();
    private (Func<RenderBatch, bool> Done, TaskCompletionSource<long> Arrived)? _waiter;
    private long _rendererInterop = -1;
    private ulong _rowToggleHandler;
    private int _calls;
    private IReadOnlyList<(string Id, string Link)> _rows = [];

    // What a browser would answer to the calls whose result is a value type (null would fail to convert); the rest get null.
    private static readonly Dictionary<string, string> JsResults = new(StringComparer.Ordinal)
    {
        ["window.hasOwnProperty"] = "true",
        ["mudpopoverHelper.countProviders"] = "1",
        ["trellisFields.systemDark"] = "false",
        ["trellisHost.openTab"] = "true",
        ["trellisHost.navigateFrame"] = "true",
        ["trellisHost.reply"] = "true",
    };

    private LoadCircuit(HubConnection hub, Uri baseUri, bool verbose)
    {
        _hub = hub;
        _base = baseUri;
        _verbose = verbose;
    }

    /// <summary>The rows (id and details link) of the grid page last rendered.</summary>
    public IReadOnlyList<(string Id, string Link)> Rows
    {
        get
        {
            lock (_gate)
            {
                return _rows;
            }
        }
    }

    /// <summary>The first error the server reported for this circuit (<c>JS.Error</c>), if any.</summary>
    public string? Error { get; private set; }

    /// <summary>The JavaScript functions the server called, with how often (answered as done without running them).</summary>
    public Dictionary<string, int> JsCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>A folder to write each render batch's bytes to (the parser's test fixtures come from there), or null.</summary>
    public static string? SaveBatchesTo { get; set; }

    /// <summary>Whether the hub connection is still up.</summary>
    public bool Connected => _hub.State == HubConnectionState.Connected;

    /// <summary>Opens the page's circuit and waits until its grid shows rows; answers the circuit and how long that took.</summary>
    public static async Task<(LoadCircuit Circuit, double Milliseconds)> OpenAsync(HttpClient http, Uri baseUri, string page, CookieContainer cookies,
        bool verbose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pageUri = new Uri(baseUri, page);
        using var request = new HttpRequestMessage(HttpMethod.Get, pageUri);
        request.Headers.Add("Cookie", cookies.GetCookieHeader(baseUri));
        using var response = await http.SendAsync(request, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidDataException($"GET {pageUri} answered {(int)response.StatusCode}.");
        }

        var prerendered = PrerenderedPage.Parse(html, $"GET {pageUri}");
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), options =>
            {
                options.Cookies = cookies;
                options.Transports = HttpTransportType.WebSockets;
            });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackHubProtocol>();
        var circuit = new LoadCircuit(builder.Build(), baseUri, verbose);
        try
        {
            circuit.Listen();
            await circuit._hub.StartAsync(cancellationToken);
            var ready = circuit.Expect(ShowsRows);
            var secret = await circuit._hub.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), pageUri.ToString(), "[]", prerendered.ApplicationState, cancellationToken);
            if (string.IsNullOrEmpty(secret))
            {
                throw new InvalidDataException($"The server refused to start a circuit for {pageUri}: {circuit.Error ?? "no reason given"}.");
            }

            await circuit._hub.SendAsync("UpdateRootComponents", prerendered.AddOperations(1), prerendered.ApplicationState, cancellationToken);
            var arrived = await ready.WaitAsync(timeout, cancellationToken);
            return (circuit, Milliseconds(started, arrived));
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>A location change as the browser reports one (a link or the grid's own controls), timed to the batch <paramref name="done"/> accepts.</summary>
    public async Task<double> NavigateAsync(string relative, Func<RenderBatch, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var arrived = Expect(done);
        var started = Stopwatch.GetTimestamp();
        await _hub.SendAsync("OnLocationChanged", new Uri(_base, relative).ToString(), null, false, cancellationToken);
        return Milliseconds(started, await arrived.WaitAsync(timeout, cancellationToken));
    }

    /// <summary>A row's checkbox changed (the grid's one delegated <c>rowtoggle</c> handler), timed to the next render batch.</summary>
    public async Task<double> ToggleRowAsync(string id, bool check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ulong handler;
        lock (_gate)
        {
            handler = _rowToggleHandler;
        }

        if (handler == 0 || _rendererInterop < 0)
        {
            throw new InvalidOperationException("The grid's row handler or the renderer's interop object has not been seen in a render batch.");
        }

        var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = "rowtoggle", ["eventFieldInfo"] = null };
        var arguments = new JsonArray(descriptor, new JsonObject { ["id"] = id, ["checked"] = check }).ToJsonString();
        var arrived = Expect(_ => true);
        var started = Stopwatch.GetTimestamp();
        var call = Interlocked.Increment(ref _calls).ToString(CultureInfo.InvariantCulture);
        await _hub.SendAsync("BeginInvokeDotNetFromJS", call, null, "DispatchEventAsync", _rendererInterop, arguments, cancellationToken);
        return Milliseconds(started, await arrived.WaitAsync(timeout, cancellationToken));
    }

    /// <summary>Whether a batch carries a grid body with rows (the grid's markup starts with a <c>rows</c> comment).</summary>
    public static bool ShowsRows(RenderBatch batch) => batch.Strings().Any(s => s.StartsWith(RowsMarker, StringComparison.Ordinal) && s.Contains("<tr", StringComparison.Ordinal));

    /// <summary>Whether a batch shows a details page's heading line (its id as a text of its own).</summary>
    public static Func<RenderBatch, bool> ShowsText(string text) => batch => batch.Strings().Any(s => s == text);

    /// <summary>Rows of a grid body's markup: each row's id and its details link.</summary>
    internal static IReadOnlyList<(string Id, string Link)> RowsOf(string markup) =>
        [.. DetailsLink().Matches(markup).Select(m => (m.Groups[2].Value, m.Groups[1].Value))];

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private Task<long> Expect(Func<RenderBatch, bool> done)
    {
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiter = (done, arrived);
        }

        return arrived.Task;
    }

    private void Listen()
    {
        _hub.On("JS.RenderBatch", [typeof(object), typeof(object)], OnRenderBatchAsync);
        _hub.On("JS.BeginInvokeJS", [typeof(object)], OnBeginInvokeJSAsync);
        _hub.On("JS.Error", [typeof(object)], args =>
        {
            Error ??= args.FirstOrDefault()?.ToString() ?? "unknown";
            lock (_gate)
            {
                _waiter?.Arrived.TrySetException(new InvalidOperationException($"The circuit failed: {Error}"));
            }

            return Task.CompletedTask;
        });
        foreach (var ignored in new[] { "JS.EndInvokeDotNet", "JS.EndUpdateRootComponents", "JS.EndLocationChanging", "JS.ReceiveByteArray", "JS.BeginTransmitStream", "JS.SavePersistedState" })
        {
            _hub.On(ignored, [typeof(object)], _ => Task.CompletedTask);
        }
    }

    private async Task OnRenderBatchAsync(object?[] args)
    {
        var arrived = Stopwatch.GetTimestamp();
        var id = Convert.ToInt64(args[0], CultureInfo.InvariantCulture);
        var bytes = (byte[])args[1]!;
        if (SaveBatchesTo is { } folder)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"batch-{id:000}.bin")), bytes);
        }

        var batch = RenderBatch.Parse(bytes);
        (Func<RenderBatch, bool> Done, TaskCompletionSource<long> Arrived)? waiter;
        lock (_gate)
        {
            foreach (var (name, handler) in batch.EventHandlers())
            {
                if (name == "onrowtoggle")
                {
                    _rowToggleHandler = handler;
                }
            }

            if (batch.Strings().FirstOrDefault(s => s.StartsWith(RowsMarker, StringComparison.Ordinal)) is { } rows)
            {
                _rows = RowsOf(rows);
            }

            waiter = _waiter;
        }

        if (waiter is { } w && w.Done(batch))
        {
            lock (_gate)
            {
                if (_waiter == waiter)
                {
                    _waiter = null;
                }
            }

            w.Arrived.TrySetResult(arrived);
        }

        await _hub.SendAsync("OnRenderCompleted", id, null);
    }

    private async Task OnBeginInvokeJSAsync(object?[] args)
    {
        // JS.BeginInvokeJS(taskId, identifier, argsJson, resultType, targetInstanceId, …): a task id of 0 wants no answer.
        var taskId = Convert.ToInt64(args[0], CultureInfo.InvariantCulture);
        var identifier = args.Length > 1 ? args[1] as string ?? "" : "";
        var argsJson = args.Length > 2 ? args[2] as string : null;
        lock (_gate)
        {
            JsCalls[identifier] = JsCalls.GetValueOrDefault(identifier) + 1;
        }

        if (_verbose)
        {
            Console.Error.WriteLine($"  JS.BeginInvokeJS {taskId} {identifier} {argsJson?[..Math.Min(argsJson.Length, 160)]}");
        }

        if (identifier == "Blazor._internal.attachWebRendererInterop" && argsJson is not null)
        {
            // [rendererId, {"__dotNetObject": n}, …]: the object events are dispatched to.
            foreach (var item in JsonDocument.Parse(argsJson).RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("__dotNetObject", out var reference))
                {
                    _rendererInterop = reference.GetInt64();
                }
            }
        }

        if (taskId != 0)
        {
            var result = JsResults.GetValueOrDefault(identifier, "null");
            await _hub.SendAsync("EndInvokeJSFromDotNet", taskId, true, string.Create(CultureInfo.InvariantCulture, $"[{taskId},true,{result}]"));
        }
    }

    [GeneratedRegex("<a href=\"(\\d+/\\d+/[a-z_]+/(\\d+))\">")]
    private static partial Regex DetailsLink();
}
