namespace Trellis.Cli.Bundles;

/// <summary>The kinds of action <c>trellis new</c> writes, one per way an action opens.</summary>
internal enum ScaffoldMode
{
    /// <summary>A toolbar button that opens the app in a new tab.</summary>
    Tab,

    /// <summary>A toolbar button that opens the app in a dialog and talks to the host.</summary>
    Dialog,

    /// <summary>A side panel beside the backlog grid.</summary>
    SidePanel,

    /// <summary>An Aviator chip whose prompt is a file of the bundle.</summary>
    Aviator,
}

/// <summary>
/// The files of a new bundle: <c>action-configuration.json</c> and a small app (or the prompt file of a chip) under one
/// top-level folder named after the action. Each app uses only the message envelopes of docs/ui.md, so it runs in
/// Trellis and in Octane alike.
/// </summary>
internal static class Scaffold
{
    public static IReadOnlyList<(string Path, string Content)> Files(string name, ScaffoldMode mode)
    {
        var entry = name.Replace('_', '-');
        return mode switch
        {
            ScaffoldMode.Tab => [
                ("action-configuration.json", Action(name, """
                      "entity_type": ["defect", "story"],
                      "views": ["list", "details"],
                      "url": "{bundle_url}/ENTRY/index.html?shared_space={shared_space}&workspace={workspace}&ids={entity_ids}"
                    """, entry)),
                ($"{entry}/index.html", Page(name, TabScript)),
            ],
            ScaffoldMode.Dialog => [
                ("action-configuration.json", Action(name, """
                      "entity_type": ["defect", "story"],
                      "views": ["list", "details"],
                      "dialog": "medium",
                      "events": true,
                      "url": "{bundle_url}/ENTRY/index.html?shared_space={shared_space}&workspace={workspace}&ids={entity_ids}#dialog_id={dialog_id}"
                    """, entry)),
                ($"{entry}/index.html", Page(name, DialogScript)),
            ],
            ScaffoldMode.SidePanel => [
                ("action-configuration.json", Action(name, """
                      "entity_type": ["work_item"],
                      "views": ["list"],
                      "mode": { "name": "side_panel", "modules": ["backlog"] },
                      "url": "{bundle_url}/ENTRY/index.html?shared_space={shared_space}&workspace={workspace}#panel_id={panel_id}&entity_ids={entity_ids}"
                    """, entry)),
                ($"{entry}/index.html", Page(name, PanelScript)),
            ],
            _ => [
                ("action-configuration.json", Action(name, """
                      "entity_type": ["work_item"],
                      "views": ["list", "details"],
                      "mode": { "name": "aviator_chat" },
                      "url": "{bundle_url}/ENTRY.txt"
                    """, entry)),
                ($"{entry}.txt", "Summarize the selected items: their status, owners and the risks they carry. Answer in five bullet points.\n"),
            ],
        };
    }

    private static string Action(string name, string members, string entry) =>
        "{\n" + $"  \"name\": \"{name}\",\n  \"title\": \"{Title(name)}\",\n" + members.Replace("ENTRY", entry, StringComparison.Ordinal).TrimEnd() + "\n}\n";

    private static string Title(string name) =>
        string.Join(' ', name.Split('_', '-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Page(string name, string script) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>{{Title(name)}}</title>
        </head>
        <body>
          <main>
            <h1>{{Title(name)}}</h1>
            <p id="selection">Waiting for the launch context…</p>
            <div id="controls"></div>
          </main>
          <script type="module">
            // The launch context comes in the query string and the fragment (see the action's url).
            const query = Object.fromEntries(new URLSearchParams(location.search));
            const fragment = () => Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
            const post = (event_name, data) =>
              window.parent.postMessage({ event_name, shared_space: query.shared_space, workspace: query.workspace, data }, "*");
            const show = (ids) => document.getElementById("selection").textContent =
              ids ? `Selected: ${ids}` : "Nothing selected.";
        {{script}}
          </script>
        </body>
        </html>

        """;

    private const string TabScript = """
            show(query.ids);
        """;

    private const string DialogScript = """
            const dialog_id = fragment().dialog_id;
            show(query.ids);
            post("octane_set_dialog_title", { dialog_id, title: `Working on ${query.ids}` });
            const done = document.createElement("button");
            done.textContent = "Done";
            // Closing with refresh asks the host to reload the view the dialog was opened from.
            done.addEventListener("click", () => post("octane_close_dialog", { dialog_id, refresh: true }));
            document.getElementById("controls").append(done);
        """;

    private const string PanelScript = """
            // The host updates the fragment (not the page) when the selection changes under the panel.
            const render = () => show(fragment().entity_ids);
            window.addEventListener("hashchange", render);
            render();
        """;
}
