using System.Text;
using System.Text.Json;
using CsCheck;
using Json.Schema;
using Trellis.Actions.Configuration;

namespace Trellis.Actions.Tests.Configuration;

public sealed class ActionConfigParserPropertyTests
{
    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] s_keys =
    [
        "name", "title", "entity_type", "views", "icon", "url", "single_entity", "events", "dialog", "workspaces",
        "exclude_workspaces", "tooltip", "mode", "guid", "bundle_guid", "modules", "prompt", "colour", "a/b~c",
    ];

    private static readonly string[] s_words =
    [
        "", "a", "A", "bundles", "defect", "work_item", "story", "phase", "list", "details", "grid", "side_panel", "aviator_chat",
        "small", "huge", "backlog", "pipelines", "kanban", "rss", "star", "1002", "0", "ws",
        "https://x.example/?ids={entity_ids}#t={entity_type}", "{bundle_url}/p.txt", "{octane_url}/x?d={dialog_id}",
        "javascript:alert(1)", "mailto:a@example.com", "{entity.a.b.c}", "{unknown}", "www.x", "Défaut 😀", "line\nbreak",
    ];

    // Whitespace between tokens, so positions land on many lines and columns.
    private static readonly Gen<string> s_space = Gen.OneOf("", "", " ", "\n", "\r\n  ", "\t", "\r");

    private static readonly Gen<string> s_string = Gen.Frequency(
        (4, Gen.OneOf(s_words).Select(Quote)),
        (2, Gen.String.Select(Quote)),
        (1, Gen.OneOf("\"\\ud800\"", "\"\\u0041\\n\"", "\"\\/\"")));

    private static readonly Gen<string> s_scalar = Gen.Frequency(
        (4, s_string),
        (1, Gen.OneOf("null", "true", "false")),
        (2, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0", "-1", "1.5", "2e3", "1.0", "1e400", "-0")));

    private static readonly Gen<string> s_json = Gen.Recursive<string>((depth, value) => depth >= 4
        ? s_scalar
        : Gen.Frequency((3, s_scalar), (1, ArrayOf(value)), (1, ObjectOf(Gen.OneOf(s_keys), value))));

    // Objects shaped like actions: known keys with values of any type, sometimes a mode object.
    private static readonly Gen<string> s_mode = ObjectOf(Gen.OneOf("name", "modules", "prompt", "x"), Gen.Frequency((3, s_scalar), (1, ArrayOf(s_string))));

    private static readonly Gen<string> s_actionLike = ObjectOf(
        Gen.OneOf(s_keys),
        Gen.Frequency((4, s_scalar), (2, ArrayOf(Gen.Frequency((3, s_string), (1, s_scalar)))), (1, s_mode), (1, s_json)));

    private static readonly Gen<string> s_document = Gen.Frequency(
        (3, ArrayOf(s_actionLike)),
        (1, s_actionLike),
        (1, s_json));

    [Fact]
    public void Parse_ArbitraryBytes_NeverThrowsAndReportsSortedPositions() =>
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            AssertWellFormed(bytes, ActionConfigParser.Parse(bytes, ConfigFormat.Editor));
            AssertWellFormed(bytes, ActionConfigParser.Parse(bytes, ConfigFormat.Bundle));
        }, iter: 3000, print: Convert.ToHexString);

    [Fact]
    public void Parse_ArbitraryJson_NeverThrowsAndReportsSortedPositions() =>
        s_json.Sample(json =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            AssertWellFormed(bytes, ActionConfigParser.Parse(bytes, ConfigFormat.Editor));
            AssertWellFormed(bytes, ActionConfigParser.Parse(bytes));
        }, iter: 2000, print: json => json);

    [Fact]
    public void Parse_ActionLikeDocuments_NeverThrowAndReportSortedPositions() =>
        s_document.Sample(json =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var result = ActionConfigParser.Parse(bytes);
            AssertWellFormed(bytes, result);
            if (!result.HasErrors && ActionConfigParser.DetectFormat(bytes) == ConfigFormat.Editor)
            {
                Assert.Equal(JsonDocument.Parse(json).RootElement.GetArrayLength(), result.Actions.Length);
            }
        }, iter: 3000, print: json => json);

    [Fact]
    public void Parse_CorruptedValidDocument_NeverThrows() =>
        Gen.Select(Gen.Int[0, 1000], Gen.Byte).Sample((at, value) =>
        {
            var bytes = Encoding.UTF8.GetBytes(ConfigExamples.X("""[{@C,"url":"https://x.example/?n={entity.name}","icon":"rss","mode":{"name":"side_panel","modules":["backlog"]}},{@C,@PromptChip}]"""));
            bytes[at % bytes.Length] = value;
            AssertWellFormed(bytes, ActionConfigParser.Parse(bytes, ConfigFormat.Editor));
        }, iter: 2000, print: t => t.ToString());

    [Fact]
    public void Parse_RandomSingleActions_AgreeWithSchema()
    {
        // Values a schema can judge: no duplicate names (one action), no policy-only schemes, no huge numbers.
        var schema = JsonSchema.FromText(ActionConfigSchema.ForFormat(ConfigFormat.Bundle), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var value = Gen.Frequency(
            (5, Gen.OneOf(s_words).Select(Quote)),
            (2, Gen.OneOf("null", "true", "false", "0", "7", "1002", "-3", "1.5", "2.0")),
            (2, ArrayOf(Gen.OneOf(s_words).Select(Quote))),
            (1, ArrayOf(Gen.OneOf("1", "1002", "\"1004\"", "0", "\"x\"", "1.5"))),
            (1, s_mode));
        // Start from a valid button and change up to four properties (a value of "-" removes the property).
        var action = Gen.Select(Gen.OneOf(s_keys), Gen.Frequency((6, value), (1, Gen.Const("-")))).Array[0, 4].Select(changes =>
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = "\"a\"", ["title"] = "\"A\"", ["entity_type"] = "[\"defect\"]", ["views"] = "[\"list\"]", ["url"] = "\"https://x.example/\"",
            };
            foreach (var (key, change) in changes)
            {
                if (change == "-")
                {
                    properties.Remove(key);
                }
                else
                {
                    properties[key] = change;
                }
            }

            return "{" + string.Join(",", properties.Select(p => Quote(p.Key) + ":" + p.Value)) + "}";
        }).Where(IsJsonWithoutDuplicates);

        var accepted = 0;
        var rejected = 0;
        action.Sample(json =>
        {
            var validatorRejects = ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), ConfigFormat.Bundle).HasErrors;
            using var document = JsonDocument.Parse(json);
            var schemaRejects = !schema.Evaluate(document.RootElement).IsValid;
            Assert.True(validatorRejects == schemaRejects, $"validator rejects = {validatorRejects}, schema rejects = {schemaRejects}: {json}");
            Interlocked.Increment(ref validatorRejects ? ref rejected : ref accepted);
        }, iter: 3000, print: json => json);

        // Both outcomes must be common, or the agreement says little.
        Assert.True(rejected > 300 && accepted > 300, $"{accepted} accepted, {rejected} rejected");
    }

    private static void AssertWellFormed(byte[] bytes, ParseResult result)
    {
        var diagnostics = result.Diagnostics;
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').Length + Encoding.UTF8.GetString(bytes).Count(c => c == '\r');
        for (var i = 0; i < diagnostics.Length; i++)
        {
            var d = diagnostics[i];
            Assert.InRange(d.Line, 1, Math.Max(1, lines));
            Assert.True(d.Column >= 1, d.ToString());
            Assert.True(d.Pointer.Length == 0 || d.Pointer[0] == '/', d.Pointer);
            if (i > 0)
            {
                var p = diagnostics[i - 1];
                Assert.True(p.Line < d.Line || (p.Line == d.Line && p.Column <= d.Column), $"{p} before {d}");
            }
        }

        if (diagnostics.Any(d => d.Code == "XA1001"))
        {
            Assert.Single(diagnostics);
        }

        Assert.True(!result.HasErrors || result.Actions.IsEmpty);

        // What System.Text.Json refuses is never accepted here.
        if (!IsJson(bytes))
        {
            Assert.Contains(diagnostics, d => d.Code is "XA1001" or "XA1008");
        }
    }

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonWithoutDuplicates(string json) =>
        !ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), ConfigFormat.Bundle).Diagnostics.Any(d => d.Code == "XA1001");

    // Non-ASCII stays raw, so columns are tested on multi-byte text; lone surrogates become U+FFFD first.
    private static string Quote(string text) =>
        JsonSerializer.Serialize(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), s_relaxed);

    private static Gen<string> ArrayOf(Gen<string> item) =>
        Gen.Select(item, s_space).Array[0, 5].Select(items => "[" + string.Join(",", items.Select(i => i.Item2 + i.Item1)) + "]");

    private static Gen<string> ObjectOf(Gen<string> key, Gen<string> value) =>
        Gen.Select(key, value, s_space).Array[0, 8].Select(pairs =>
            "{" + string.Join(",", pairs.Select(p => p.Item3 + Quote(p.Item1) + ":" + p.Item2)) + "}");
}
