using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Tests.Configuration;

public sealed class ActionConfigSchemaTests
{
    private static readonly Lazy<JsonSchema> s_editor = new(() => Build(ConfigFormat.Editor));
    private static readonly Lazy<JsonSchema> s_bundle = new(() => Build(ConfigFormat.Bundle));

    /// <summary>
    /// Every example of the validator tables that a schema can judge. Left out, each with its reason in the table:
    /// documents that are not JSON (XA1001), names unique ignoring case (XA1102), and schemes refused only by the
    /// site's protocol list (XA1503 for ftp: or td:), none of which a JSON Schema can express.
    /// </summary>
    public static TheoryData<string, string, ConfigFormat> AgreementSet()
    {
        var data = new TheoryData<string, string, ConfigFormat>();
        foreach (var row in ConfigExamples.Invalid.Select(r => r.Data))
        {
            if (row.Item6.Length == 0)
            {
                data.Add($"invalid {row.Item1} at {row.Item3}", ConfigExamples.Unmark(row.Item4).Json, row.Item5);
            }
        }

        foreach (var row in ConfigExamples.Valid.Select(r => r.Data))
        {
            data.Add($"valid {row.Item1}", row.Item2, row.Item3);
        }

        foreach (var row in ActionConfigParserTests.OctaneDocExamples.Select(r => r.Data))
        {
            data.Add(row.Item1, row.Item2, ConfigFormat.Editor);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AgreementSet))]
    public void Schema_Example_AgreesWithValidator(string example, string json, ConfigFormat format)
    {
        var validatorRejects = ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), format).HasErrors;

        var schemaRejects = !Evaluate(json, format).IsValid;

        Assert.True(validatorRejects == schemaRejects, $"{example}: validator rejects = {validatorRejects}, schema rejects = {schemaRejects}");
    }

    [Fact]
    public void Schema_AgreementSet_HoldsBothOutcomesForEveryCode()
    {
        var rows = AgreementSet().Select(r => r.Data.Item1).ToList();

        foreach (var code in typeof(DiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!))
        {
            // XA1001 cannot be judged by a schema, XA1008 (5,001 actions) and XA1513 (a policy) are tested apart.
            if (code is "XA1001" or "XA1008" or "XA1513" or "XA1102")
            {
                continue;
            }

            Assert.Contains($"valid {code}", rows);
            Assert.Contains(rows, r => r.StartsWith($"invalid {code} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Schema_MoreThanMaxActions_IsRejectedLikeXa1008()
    {
        var action = """{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/"}""";
        var json = "[" + string.Join(",", Enumerable.Repeat(action, ActionDefaults.MaxActions + 1)) + "]";

        Assert.False(Evaluate(json, ConfigFormat.Editor).IsValid);
        Assert.Equal("XA1008", ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), ConfigFormat.Editor).Diagnostics
            .Select(d => d.Code).Distinct().Except(["XA1102"]).Single());
    }

    [Fact]
    public void Schema_Enums_MatchTheEngine()
    {
        var defs = Defs();

        Assert.Equal(EntityTypeTree.Default.All.Select(t => t.Name).Order(), Strings(defs["entityType"]!["enum"]).Order());
        Assert.Equal(ActionDefaults.Icons.Order(), Strings(defs["action"]!["properties"]!["icon"]!["anyOf"]![0]!["enum"]).Order());
        Assert.Equal(Modules.Known.Order(), Strings(defs["sidePanel"]!["properties"]!["mode"]!["properties"]!["modules"]!["items"]!["anyOf"]![0]!["enum"]).Order());
        Assert.Equal(["list", "details"], Strings(defs["action"]!["properties"]!["views"]!["items"]!["enum"]));
        Assert.Equal(["small", "medium", "large"], Strings(defs["action"]!["properties"]!["dialog"]!["enum"]));
        Assert.Equal(["side_panel", "aviator_chat"], Strings(defs["mode"]!["properties"]!["name"]!["enum"]));
    }

    [Fact]
    public void Schema_EveryActionProperty_HasADescriptionForHover()
    {
        var defs = Defs();
        var properties = defs["action"]!["properties"]!.AsObject()
            .Concat(defs["mode"]!["properties"]!.AsObject());

        Assert.All(properties, p => Assert.False(string.IsNullOrWhiteSpace((string?)p.Value!["description"]), p.Key));
        Assert.Equal(
            ["name", "title", "entity_type", "views", "icon", "url", "single_entity", "events", "dialog", "workspaces", "exclude_workspaces", "tooltip", "mode", "guid", "bundle_guid"],
            defs["action"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void ForFormat_Editor_IsTheSchemaText() =>
        Assert.Same(ActionConfigSchema.Text, ActionConfigSchema.ForFormat(ConfigFormat.Editor));

    [Fact]
    public void ForFormat_Bundle_HasTheActionAtTheRootAndTheSameDefs()
    {
        var bundle = JsonNode.Parse(ActionConfigSchema.ForFormat(ConfigFormat.Bundle))!;

        Assert.Equal("#/$defs/action", (string?)bundle["$ref"]);
        Assert.Null(bundle["items"]);
        Assert.True(JsonNode.DeepEquals(Defs(), bundle["$defs"]));
        Assert.False(Evaluate("[]", ConfigFormat.Bundle).IsValid);
    }

    private static JsonObject Defs() => JsonNode.Parse(ActionConfigSchema.Text)!["$defs"]!.AsObject();

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!);

    private static EvaluationResults Evaluate(string json, ConfigFormat format)
    {
        using var document = JsonDocument.Parse(json);
        var schema = format == ConfigFormat.Bundle ? s_bundle.Value : s_editor.Value;
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag });
    }

    private static JsonSchema Build(ConfigFormat format) =>
        JsonSchema.FromText(ActionConfigSchema.ForFormat(format), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
