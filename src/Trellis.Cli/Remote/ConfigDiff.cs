using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Trellis.Cli.Remote;

/// <summary>A unified line diff of two configurations, each printed as indented JSON so every member has its own line.</summary>
internal static class ConfigDiff
{
    private const int Context = 3;

    private static readonly JsonSerializerOptions s_print = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/>, or an empty string when they are the same.</summary>
    public static string Unified(JsonArray before, JsonArray after, string beforeLabel, string afterLabel)
    {
        var model = InlineDiffBuilder.Diff(new Differ(), Print(before), Print(after), ignoreWhiteSpace: false, ignoreCase: false);
        var lines = model.Lines;
        if (lines.All(l => l.Type == ChangeType.Unchanged))
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append("--- ").Append(beforeLabel).Append('\n').Append("+++ ").Append(afterLabel).Append('\n');
        var lastPrinted = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!NearChange(lines, i))
            {
                continue;
            }

            if (i > lastPrinted + 1)
            {
                text.Append("@@ line ").Append(LineNumber(lines, i)).Append(" @@\n");
            }

            text.Append(lines[i].Type switch
            {
                ChangeType.Inserted => '+',
                ChangeType.Deleted => '-',
                _ => ' ',
            }).Append(lines[i].Text).Append('\n');
            lastPrinted = i;
        }

        return text.ToString();
    }

    /// <summary>Counts the actions added, removed and changed, matched by name.</summary>
    public static (int Added, int Removed, int Changed) Summary(JsonArray before, JsonArray after)
    {
        var old = ByName(before);
        var @new = ByName(after);
        var changed = @new.Count(pair => old.TryGetValue(pair.Key, out var previous) && !JsonNode.DeepEquals(previous, pair.Value));
        return (@new.Keys.Count(k => !old.ContainsKey(k)), old.Keys.Count(k => !@new.ContainsKey(k)), changed);
    }

    private static Dictionary<string, JsonNode?> ByName(JsonArray actions)
    {
        var byName = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var action in actions.OfType<JsonObject>())
        {
            byName.TryAdd(action["name"]?.ToString() ?? "", action);
        }

        return byName;
    }

    private static bool NearChange(List<DiffPiece> lines, int index)
    {
        for (var j = Math.Max(0, index - Context); j <= Math.Min(lines.Count - 1, index + Context); j++)
        {
            if (lines[j].Type != ChangeType.Unchanged)
            {
                return true;
            }
        }

        return false;
    }

    private static int LineNumber(List<DiffPiece> lines, int index)
    {
        for (var j = index; j < lines.Count; j++)
        {
            if (lines[j].Position is { } position)
            {
                return position;
            }
        }

        return index + 1;
    }

    private static string Print(JsonArray actions) => actions.ToJsonString(s_print).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
}
