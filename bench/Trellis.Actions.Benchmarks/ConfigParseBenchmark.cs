using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Trellis.Actions.Configuration;

namespace Trellis.Actions.Benchmarks;

/// <summary>
/// Parsing and validating a full 5,000-action editor document, against System.Text.Json building a
/// <see cref="JsonDocument"/> of the same bytes. The goal is a ratio of at most 4 (a quarter of the baseline's throughput).
/// Like <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>, the memory overload keeps the
/// caller's bytes instead of copying them; the span overload copies what the definitions keep.
/// </summary>
[MinColumn]
[MedianColumn]
public class ConfigParseBenchmark
{
    private static readonly string[][] s_typeSets =
    [
        ["defect", "story"], ["feature", "epic", "story"], ["work_item", "task"], ["test_manual", "gherkin_test", "test_suite"],
        ["release", "sprint", "milestone"], ["run_history", "pipeline"], ["quality_story", "defect", "product_area", "task"],
        ["run_manual", "run_automated"], ["team", "program"], ["requirement_document", "requirement_folder", "feature"],
    ];

    private static readonly string[] s_icons = ["rss", "details", "plus", "f-list", "import", "type-pipeline", "children", "external-link"];

    private byte[] _json = [];

    /// <summary>Gets the document size, shown in the summary.</summary>
    public int Bytes => _json.Length;

    [GlobalSetup]
    public void Setup()
    {
        _json = Generate(ActionDefaults.MaxActions);
        var check = ActionConfigParser.Parse(_json, ConfigFormat.Editor);
        if (check.HasErrors || check.Actions.Length != ActionDefaults.MaxActions)
        {
            throw new InvalidOperationException("The generated document must be valid: " + string.Join("; ", check.Diagnostics.Take(5)));
        }
    }

    [Benchmark(Baseline = true)]
    public int JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.GetArrayLength();
    }

    [Benchmark]
    public int ActionConfigParserParse() => ActionConfigParser.Parse(_json.AsMemory(), ConfigFormat.Editor).Actions.Length;

    [Benchmark]
    public int ActionConfigParserParseCopying() => ActionConfigParser.Parse(_json.AsSpan(), ConfigFormat.Editor).Actions.Length;

    /// <summary>A realistic editor document: buttons (tabs, dialogs, mailto), side panels and chips, indented as the editor saves it.</summary>
    /// <param name="count">How many actions.</param>
    /// <returns>The UTF-8 document.</returns>
    internal static byte[] Generate(int count)
    {
        var random = new Random(42);
        var text = new StringBuilder(count * 700);
        text.Append("[\n");
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(100);
            var types = s_typeSets[random.Next(s_typeSets.Length)];
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append("  {\n");
            text.Append("    \"name\": \"action-").Append(n).Append("\",\n");
            text.Append("    \"title\": \"Open in tool ").Append(n).Append(" – détails\",\n");
            text.Append("    \"entity_type\": [").AppendJoin(", ", types.Select(t => "\"" + t + "\"")).Append("],\n");
            text.Append("    \"views\": ").Append(random.Next(3) switch { 0 => "[\"list\"]", 1 => "[\"details\"]", _ => "[\"list\", \"details\"]" }).Append(",\n");
            text.Append("    \"icon\": \"").Append(s_icons[random.Next(s_icons.Length)]).Append("\",\n");
            if (random.Next(3) == 0)
            {
                text.Append("    \"workspaces\": [").AppendJoin(", ", Enumerable.Range(0, random.Next(1, 5)).Select(w => (1002 + (w * 2)).ToString(CultureInfo.InvariantCulture))).Append("],\n");
            }
            else if (random.Next(4) == 0)
            {
                text.Append("    \"exclude_workspaces\": [1003],\n");
            }

            if (kind < 55)
            {
                var single = random.Next(2) == 0;
                text.Append("    \"url\": \"https://tools").Append(n).Append(".example.com/launch?")
                    .Append(single ? "id={entity_id}&name={entity.name}&release={entity.release.name}" : "ids={entity_ids}&type={entity_type}&query={query}")
                    .Append("&shared_space={shared_space}&workspace={workspace}&user={user_login}&email={user_email}&action=action-").Append(n).Append("\",\n");
                text.Append("    \"single_entity\": ").Append(single ? "true" : "false").Append(",\n");
                text.Append("    \"events\": ").Append(random.Next(2) == 0 ? "true" : "false").Append(",\n");
                text.Append("    \"tooltip\": \"Opens the selected items in tool ").Append(n).Append("\"\n");
            }
            else if (kind < 70)
            {
                text.Append("    \"url\": \"{octane_url}/ext/dialog.html?ids={entity_ids}&dialog_id={dialog_id}&shared_space={shared_space}&workspace={workspace}&xsrf={xsrf_token}\",\n");
                text.Append("    \"dialog\": \"").Append(random.Next(3) switch { 0 => "small", 1 => "medium", _ => "large" }).Append("\",\n");
                text.Append("    \"events\": true\n");
            }
            else if (kind < 75)
            {
                text.Append("    \"url\": \"mailto:owner@example.com?subject={entity_ids}&body={user_login}\"\n");
            }
            else if (kind < 88)
            {
                text.Append("    \"url\": \"{bundle_url}/panel-").Append(n).Append("/index.html?shared_space={shared_space}&workspace={workspace}&panel_id={panel_id}&token={user_identity_token}#entity_ids={entity_ids}&entity_type={entity_type}&query={query}&all={all_selected}\",\n");
                text.Append("    \"mode\": {\"name\": \"side_panel\", \"modules\": [\"backlog\", \"team_backlog\", \"quality\"]}\n");
            }
            else if (kind < 94)
            {
                text.Append("    \"tooltip\": \"Ask Aviator about the selection\",\n");
                text.Append("    \"mode\": {\"name\": \"aviator_chat\", \"prompt\": \"Summarise the selected items, list risks and suggest the next steps for the team.\"}\n");
            }
            else
            {
                text.Append("    \"url\": \"{bundle_url}/prompts/review-").Append(n).Append(".txt\",\n");
                text.Append("    \"mode\": {\"name\": \"aviator_chat\"}\n");
            }

            text.Append(i == count - 1 ? "  }\n" : "  },\n");
        }

        text.Append("]\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
