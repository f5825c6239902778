using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Trellis.Web.Tests;

/// <summary>
/// An external app on its own origin (a second Kestrel on another 127.0.0.1 port), as real apps are: one page whose
/// hand-written script posts exactly the envelopes of docs/reference/messages.md#envelope to its parent (dialog, panel) or opener (tab),
/// and keeps what it was sent and how often it loaded, so tests can see what the host did.
/// </summary>
public sealed class TestAppHost : IAsyncLifetime
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Test app</title></head>
        <body>
        <h1>Test app</h1>
        <p>Fragment: <output id="hash"></output></p>
        <p>Hash changes: <output id="hash-changes">0</output></p>
        <p>Replies: <output id="replies">0</output></p>
        <script>
          "use strict";
          const params = new URLSearchParams(location.search);
          const app = window.app = {
            sharedSpace: params.get("ss"),
            workspace: params.get("ws"),
            id: params.get("id") || "",
            loadId: Math.random().toString(36).slice(2),
            hashChanges: 0,
            received: [],
            // Dialogs and panels talk to their parent, tabs to their opener; apps use the target origin '*'.
            target() { return window.opener || window.parent; },
            post(eventName, data) {
              this.target().postMessage({ event_name: eventName, shared_space: this.sharedSpace, workspace: this.workspace, data: data || {} }, "*");
            },
          };
          window.addEventListener("message", event => {
            app.received.push({ origin: event.origin, data: event.data });
            document.getElementById("replies").textContent = String(app.received.length);
          });
          window.addEventListener("hashchange", () => {
            app.hashChanges++;
            document.getElementById("hash").textContent = location.hash;
            document.getElementById("hash-changes").textContent = String(app.hashChanges);
          });
          document.getElementById("hash").textContent = location.hash;
        </script>
        </body>
        </html>
        """;

    // The performance baseline: the same 1,000 rows as a plain static page, and a button that shows a dialog in script.
    private static readonly string StaticGrid = BuildStaticGrid();

    private WebApplication? _app;

    /// <summary>Gets the app's origin, such as <c>http://127.0.0.1:43123</c>.</summary>
    public string Origin { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/app", () => Results.Content(Page, "text/html; charset=utf-8"));
        _app.MapGet("/static-grid", () => Results.Content(StaticGrid, "text/html; charset=utf-8"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Origin = address.TrimEnd('/');
    }

    private static string BuildStaticGrid()
    {
        var html = new System.Text.StringBuilder("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Static grid</title></head><body>
            <button type="button" onclick="document.getElementById('d').hidden = false">Open</button>
            <div id="d" role="dialog" aria-label="Static dialog" hidden><iframe title="Static dialog" src="about:blank"></iframe></div>
            <p><span class="trellis-selection-count"></span></p>
            <table class="trellis-grid"><tbody>
            """);
        for (var i = 1; i <= 1000; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<tr><td><input type=\"checkbox\" aria-label=\"Select {i}\"></td><td><a href=\"#{i}\">Row {i}</a></td><td>New</td><td>Someone</td></tr>");
        }

        // The same contract as Trellis's grid: a ready mark once rows can be picked, and a count of the selection.
        return html.Append("""
            </tbody></table>
            <script>
              const table = document.querySelector("table.trellis-grid");
              const count = document.querySelector(".trellis-selection-count");
              table.addEventListener("change", () => { count.textContent = table.querySelectorAll("input:checked").length + " selected"; });
              table.dataset.ready = "true";
            </script>
            </body></html>
            """).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
