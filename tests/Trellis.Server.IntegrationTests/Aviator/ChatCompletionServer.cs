using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Trellis.Server.IntegrationTests.Aviator;

/// <summary>
/// A tiny OpenAI-compatible model server on 127.0.0.1: <c>POST /v1/chat/completions</c> with <c>stream: true</c>
/// answers the configured pieces as server-sent <c>chat.completion.chunk</c> events, then <c>[DONE]</c>. It keeps every
/// request body so tests can see exactly what Trellis sent.
/// </summary>
public sealed class ChatCompletionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChatCompletionServer(WebApplication app, IReadOnlyList<string> pieces)
    {
        _app = app;
        Pieces = pieces;
    }

    /// <summary>Gets the OpenAI-compatible base URL, such as <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Gets the answer's pieces, in the order they are streamed.</summary>
    public IReadOnlyList<string> Pieces { get; }

    /// <summary>Gets the bodies of the chat requests received.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Starts a server that streams <paramref name="pieces"/>.</summary>
    public static ChatCompletionServer Start(params string[] pieces)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ChatCompletionServer(app, pieces);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        app.Start();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = address.TrimEnd('/') + "/v1";
        return server;
    }

    private async Task CompleteAsync(HttpContext http)
    {
        var body = (JsonNode.Parse(await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject)!;
        Requests.Enqueue(body);
        var model = body["model"]?.GetValue<string>() ?? "";
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await SendAsync(http, Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, finish: null));
        foreach (var piece in Pieces)
        {
            await SendAsync(http, Chunk(model, new JsonObject { ["content"] = piece }, finish: null));
        }

        await SendAsync(http, Chunk(model, [], finish: "stop"));
        await http.Response.WriteAsync("data: [DONE]\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static JsonObject Chunk(string model, JsonObject delta, string? finish) => new()
    {
        ["id"] = "chatcmpl-trellis-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1768467600,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static async Task SendAsync(HttpContext http, JsonObject chunk)
    {
        await http.Response.WriteAsync("data: " + chunk.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n\n");
        // Each piece goes out on its own, as a real model streams.
        await http.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The server with an OpenAI-compatible model configured: the one <see cref="ChatCompletionServer"/> runs.</summary>
public sealed class AviatorApplication : TrellisApplication
{
    public AviatorApplication()
        : base(Trellis.Data.DatabaseProvider.Sqlite) => Model = ChatCompletionServer.Start("Three ", "pieces, ", "streamed.");

    /// <summary>Gets the model server.</summary>
    public ChatCompletionServer Model { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Trellis:Aviator:Provider", "OpenAI");
        builder.UseSetting("Trellis:Aviator:Endpoint", Model.Endpoint);
        builder.UseSetting("Trellis:Aviator:Model", "trellis-test-model");
        builder.UseSetting("Trellis:Aviator:ApiKey", "test-key");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}
