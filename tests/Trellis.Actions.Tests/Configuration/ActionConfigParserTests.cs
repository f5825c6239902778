using System.Text;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Actions.Policy;

namespace Trellis.Actions.Tests.Configuration;

public sealed class ActionConfigParserTests
{
    public static TheoryData<string, DiagnosticSeverity, string, string, ConfigFormat, string> Invalid => ConfigExamples.Invalid;

    public static TheoryData<string, string, ConfigFormat> Valid => ConfigExamples.Valid;

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_BreaksOneRule_ReportsExactlyThatDiagnostic(
        string code, DiagnosticSeverity severity, string pointer, string marked, ConfigFormat format, string notInSchema)
    {
        _ = notInSchema;
        var (json, line, column) = ConfigExamples.Unmark(marked);

        var result = Parse(json, format);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(
            (code, severity, pointer, line, column),
            (diagnostic.Code, diagnostic.Severity, diagnostic.Pointer, diagnostic.Line, diagnostic.Column));
        Assert.Equal(severity == DiagnosticSeverity.Error, result.HasErrors);
        Assert.Equal(result.HasErrors, result.Actions.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_StaysInsideRule_ReportsNothing(string code, string json, ConfigFormat format)
    {
        var result = Parse(json, format);

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == code);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(json.Count(c => c == '{') == 0, result.Actions.IsEmpty);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllSortedByPosition()
    {
        // The validator finds mode problems before name problems; the result is still in document order.
        const string json = """
            [
              {"name": "", "title": "A", "entity_type": ["defect", "phase"], "views": ["grid"],
               "url": "ftp://x", "mode": {"name": "sidebar"}},
              {"name": "b", "title": "B", "entity_type": ["story"], "views": ["list"], "url": "https://b.example/?id={entity_id}", "colour": 1},
              7
            ]
            """;

        var result = Parse(json, ConfigFormat.Editor);

        Assert.Equal(
            [
                ("XA1101", "/0/name", 2, 12),
                ("XA1303", "/0/entity_type/1", 2, 56),
                ("XA1402", "/0/views/0", 2, 76),
                ("XA1503", "/0/url", 3, 11),
                ("XA1802", "/0/mode/name", 3, 39),
                ("XA1506", "/1/url", 4, 83),
                ("XA1006", "/1/colour", 4, 120),
                ("XA1004", "/2", 5, 3),
            ],
            result.Diagnostics.Select(d => (d.Code, d.Pointer, d.Line, d.Column)));
        Assert.True(result.HasErrors);
        Assert.Empty(result.Actions);
    }

    [Fact]
    public void Parse_UrlWithUnknownKind_SkipsKindRulesButChecksTheRest()
    {
        // mode is wrong, so the kind is unknown: no XA1501-style guess, but the url's own rules still run.
        const string json = """[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"mode":5,"url":"www.x"}]""";

        var result = Parse(json, ConfigFormat.Editor);

        Assert.Equal(["XA1801", "XA1504"], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Parse_SyntaxErrorAfterRuleErrors_ReportsOnlyTheSyntaxError()
    {
        const string json = "[{\"name\":\"\"},\n {\"name\":5},\n {\"a\":1 \"b\":2}]";

        var result = Parse(json, ConfigFormat.Editor);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("XA1001", "", 3, 9), (diagnostic.Code, diagnostic.Pointer, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_LongEntityTypeList_StillFindsDuplicates()
    {
        string[] types = ["epic", "feature", "story", "defect", "quality_story", "test_manual", "gherkin_test", "test_automated", "test_suite", "run_manual", "run_automated", "run_suite", "pipeline", "release", "sprint", "milestone", "team", "program", "task", "story"];
        var json = "[{\"name\":\"a\",\"title\":\"A\",\"views\":[\"list\"],\"url\":\"https://x.example/\",\"entity_type\":[" + string.Join(",", types.Select(t => "\"" + t + "\"")) + "]}]";

        var diagnostic = Assert.Single(Parse(json, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1304", "/0/entity_type/19"), (diagnostic.Code, diagnostic.Pointer));
        Assert.Equal(19, Assert.Single(Parse(json, ConfigFormat.Editor).Actions).EntityTypes.Length);
    }

    [Fact]
    public void Parse_NestedDeeperThan64_ReportsXa1001AtTheTooDeepValue()
    {
        var json = "[{\"x\":" + new string('[', 70) + new string(']', 70) + "}]";

        var diagnostic = Assert.Single(Parse(json, ConfigFormat.Editor).Diagnostics);

        // The root array and the object are levels 1 and 2, so the 63rd inner array (column 6 + 63) is level 65.
        Assert.Equal(("XA1001", 1, 6 + 63), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsXa1001AtTheBadByte()
    {
        byte[] json = [.. "[\n  \"é"u8, 0xC3, 0x28, .. "\"]"u8];

        var result = ActionConfigParser.Parse(json, ConfigFormat.Editor);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("XA1001", DiagnosticSeverity.Error, 2, 5), (diagnostic.Code, diagnostic.Severity, diagnostic.Line, diagnostic.Column));
    }

    [Theory]
    [InlineData("[ 1 ]", 1, 3)]
    [InlineData("[\n 1 ]", 2, 2)]
    [InlineData("[\r\n 1 ]", 2, 2)]
    [InlineData("[\r 1 ]", 2, 2)]
    [InlineData("[\n\r\n\n\t1]", 4, 2)]
    public void Parse_LineBreaks_CountLfCrLfAndCr(string json, int line, int column)
    {
        var diagnostic = Assert.Single(Parse(json, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1004", line, column), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_NonAsciiBeforeToken_CountsUtf16CodeUnits()
    {
        // "Défaut 😀" is 8 characters, 9 UTF-16 code units and 12 UTF-8 bytes; the column counts code units.
        const string json = """[{"name":"a","title":"Défaut 😀","entity_type":["defect"],"views":["list"],"url":"https://x.example/","icon":"star"}]""";

        var diagnostic = Assert.Single(Parse(json, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1203", 1, 1 + json.IndexOf("\"star\"", StringComparison.Ordinal)), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        Assert.Equal(110, diagnostic.Column);
    }

    [Fact]
    public void Parse_InvalidJsonAfterNonAscii_ReportsUtf16Column()
    {
        const string json = "[\"ü€😀\", ]";

        var diagnostic = Assert.Single(Parse(json, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1001", 1, 10), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_Bom_IsAcceptedAndNotCounted()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. """[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/","icon":"star"}]"""u8];

        var result = ActionConfigParser.Parse(json, ConfigFormat.Editor);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("XA1203", 1, 102), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        Assert.Equal("a", Assert.Single(result.Actions).Name);
        Assert.StartsWith("{\"name\"", result.Actions[0].RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BomThenInvalidJson_ReportsColumnWithoutBom()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. "[1,]"u8];

        var diagnostic = Assert.Single(ActionConfigParser.Parse(json, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1001", 1, 4), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_BundleFormat_UsesPointersWithoutIndex()
    {
        const string json = """
            {
              "name": "panel",
              "title": "Panel",
              "entity_type": ["feature", 3],
              "views": ["details"],
              "dialog": "small",
              "mode": {"name": "side_panel", "modules": ["backlog", "kanban"], "x": 1}
            }
            """;

        var result = Parse(json, ConfigFormat.Bundle);

        Assert.Equal(
            [
                ("XA1501", "", 1, 1),
                ("XA1302", "/entity_type/1", 4, 30),
                ("XA1604", "/dialog", 6, 13),
                ("XA1805", "/mode/modules/1", 7, 57),
                ("XA1006", "/mode/x", 7, 68),
            ],
            result.Diagnostics.Select(d => (d.Code, d.Pointer, d.Line, d.Column)));
    }

    [Fact]
    public void Parse_TooManyActions_ReportsXa1008OnTheRoot()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 5001).Select(i => "{\"name\":\"a" + i + "\",\"title\":\"A\",\"entity_type\":[\"defect\"],\"views\":[\"list\"],\"url\":\"https://x.example/\"}")) + "]";

        var result = Parse(json, ConfigFormat.Editor);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("XA1008", "", 1, 1), (diagnostic.Code, diagnostic.Pointer, diagnostic.Line, diagnostic.Column));
        Assert.Empty(result.Actions);
    }

    [Fact]
    public void Parse_ExactlyMaxActions_IsValid()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => "{\"name\":\"a" + i + "\",\"title\":\"A\",\"entity_type\":[\"defect\"],\"views\":[\"list\"],\"url\":\"https://x.example/\"}")) + "]";

        var result = Parse(json, ConfigFormat.Editor);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(5000, result.Actions.Length);
        Assert.Equal(4999, result.Actions[^1].Index);
    }

    [Fact]
    public void Parse_LargerThan8MiB_ReportsXa1008WithoutParsing()
    {
        // Not even JSON: the size is checked first.
        var json = new byte[ActionDefaults.MaxDocumentBytes + 1];

        var diagnostic = Assert.Single(ActionConfigParser.Parse(json, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1008", DiagnosticSeverity.Error, "", 1, 1), (diagnostic.Code, diagnostic.Severity, diagnostic.Pointer, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_PolicyAllowsScheme_AcceptsIt()
    {
        const string json = """[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"td://alm.example/qcbin/{entity.alm_id_udf}","single_entity":true}]""";
        var policy = new ActionPolicy(ProtocolPolicy.Parse("https, http, mailto, td:"));

        Assert.Empty(ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), ConfigFormat.Editor, policy).Diagnostics);
        Assert.Equal("XA1503", Assert.Single(Parse(json, ConfigFormat.Editor).Diagnostics).Code);
    }

    [Fact]
    public void Parse_PolicyListsForbiddenScheme_StillRefusesIt()
    {
        const string json = """[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"javascript:void(0)"}]""";
        var policy = new ActionPolicy(ProtocolPolicy.Parse("https,javascript"));

        var diagnostic = Assert.Single(ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), ConfigFormat.Editor, policy).Diagnostics);

        Assert.Equal("XA1503", diagnostic.Code);
    }

    [Fact]
    public void Parse_BundleUrlWhileBundlesDisabled_WarnsXa1513()
    {
        const string marked = """[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":‸"{bundle_url}/app/index.html?x={bundle_url}"}]""";
        var (json, line, column) = ConfigExamples.Unmark(marked);
        var policy = new ActionPolicy(ProtocolPolicy.Default, BundlesEnabled: false);

        var result = ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), ConfigFormat.Editor, policy);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("XA1513", DiagnosticSeverity.Warning, "/0/url", line, column), (diagnostic.Code, diagnostic.Severity, diagnostic.Pointer, diagnostic.Line, diagnostic.Column));
        Assert.Single(result.Actions);
    }

    [Theory]
    [InlineData("[]", ConfigFormat.Editor)]
    [InlineData("\uFEFF  \n[{}]", ConfigFormat.Editor)]
    [InlineData(" {\"name\":1}", ConfigFormat.Bundle)]
    [InlineData("\uFEFF{}", ConfigFormat.Bundle)]
    [InlineData("\"text\"", ConfigFormat.Editor)]
    [InlineData("", ConfigFormat.Editor)]
    [InlineData("// {}", ConfigFormat.Editor)]
    public void DetectFormat_FirstToken_ChoosesContainer(string json, ConfigFormat expected) =>
        Assert.Equal(expected, ActionConfigParser.DetectFormat(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"name":"a","title":"A","entity_type":["defect"],"views":["list"]}""", "XA1501", "")]
    [InlineData("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list"]}]""", "XA1501", "/0")]
    [InlineData("5", "XA1002", "")]
    public void Parse_WithoutFormat_DetectsItFromTheFirstToken(string json, string code, string pointer)
    {
        var diagnostic = Assert.Single(ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json)).Diagnostics);

        Assert.Equal((code, pointer), (diagnostic.Code, diagnostic.Pointer));
    }

    [Fact]
    public void Parse_FullButton_NormalisesDefinition()
    {
        const string action = """
            {"name": "get-prs", "title": "Get Pull Requests", "entity_type": ["feature", "story", "story"],
               "views": ["details", "list"], "icon": "nope", "url": "https://git.example/prs?ids={entity_ids}&dialogId={dialog_id}",
               "single_entity": false, "events": true, "dialog": "small", "workspaces": [1002, "1004", 1002],
               "tooltip": "", "extra": {"kept": true}, "guid": "g-1", "bundle_guid": 7}
            """;

        var result = Parse("[\n  " + action + "\n]", ConfigFormat.Editor);

        Assert.False(result.HasErrors);
        var definition = Assert.Single(result.Actions);
        Assert.Equal(0, definition.Index);
        Assert.Equal("get-prs", definition.Name);
        Assert.Equal("Get Pull Requests", definition.Title);
        Assert.Equal(["feature", "story"], definition.EntityTypes);
        Assert.Equal(ActionViews.List | ActionViews.Details, definition.Views);
        Assert.Equal(ActionKind.Button, definition.Kind);
        Assert.Equal(ActionDefaults.Icon, definition.Icon);
        Assert.Equal("https://git.example/prs?ids={entity_ids}&dialogId={dialog_id}", definition.Url);
        Assert.False(definition.SingleEntity);
        Assert.True(definition.Events);
        Assert.Equal(DialogSize.Small, definition.Dialog);
        Assert.Equal([1002L, 1004L], definition.Workspaces!.Value);
        Assert.Null(definition.ExcludeWorkspaces);
        Assert.Null(definition.Tooltip);
        Assert.Equal("Get Pull Requests", definition.HoverText);
        Assert.Empty(definition.Modules);
        Assert.Null(definition.Prompt);
        Assert.Equal("g-1", definition.Guid);
        Assert.Null(definition.BundleGuid);
        Assert.Equal(action, definition.RawJson);
        Assert.Equal(["XA1304", "XA1203", "XA1704", "XA1705", "XA1006"], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Parse_PanelAndChip_NormaliseKindModulesAndPrompt()
    {
        const string json = """
            [{"name":"p","title":"P","entity_type":["feature"],"views":["list"],"mode":{"name":"side_panel","modules":["backlog","team_backlog"]},"url":"{bundle_url}/p/index.html#ids={entity_ids}","exclude_workspaces":[]},
             {"name":"c","title":"C","entity_type":["work_item"],"views":["details"],"tooltip":"Ask","mode":{"name":"aviator_chat","prompt":"Summarise the item"},"events":false,"icon":"details"}]
            """;

        var result = Parse(json, ConfigFormat.Editor);

        Assert.Empty(result.Diagnostics.Where(d => d.IsError));
        var panel = result.Actions[0];
        Assert.Equal((ActionKind.SidePanel, 0), (panel.Kind, panel.Index));
        Assert.Equal(["backlog", "team_backlog"], panel.Modules);
        Assert.Empty(panel.ExcludeWorkspaces!.Value);
        Assert.Null(panel.Workspaces);
        var chip = result.Actions[1];
        Assert.Equal((ActionKind.AviatorChip, 1, "Summarise the item", (string?)null), (chip.Kind, chip.Index, chip.Prompt, chip.Url));
        Assert.Equal(("details", "Ask", false), (chip.Icon, chip.HoverText, chip.Events));
        // team_backlog is a module Trellis renders, so only the chip's ignored events are worth a word.
        Assert.Equal([("XA1605", "/1/events")], result.Diagnostics.Select(d => (d.Code, d.Pointer)));
    }

    [Fact]
    public void Parse_WarningsOnly_ReturnsActions()
    {
        const string json = """[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/{nope}","icon":"star"}]""";

        var result = Parse(json, ConfigFormat.Editor);

        Assert.False(result.HasErrors);
        Assert.Equal(2, result.Diagnostics.Length);
        Assert.EndsWith("\"icon\":\"star\"}", Assert.Single(result.Actions).RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ByteArrayChangedAfterwards_KeepsRawJson()
    {
        var json = Encoding.UTF8.GetBytes("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/"}]""");

        var action = Assert.Single(ActionConfigParser.Parse(json, ConfigFormat.Editor).Actions);
        Array.Fill(json, (byte)' ');

        Assert.Equal("""{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/"}""", action.RawJson);
    }

    [Theory]
    [InlineData("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/"},{"name":"b","title":"B","entity_type":["story"],"views":["details"],"url":"https://y.example/","icon":"?"}]""", ConfigFormat.Editor)]
    [InlineData("\uFEFF" + """{"name":"a","title":"Ü","entity_type":["defect"],"views":["list"],"url":"https://x.example/"}""", ConfigFormat.Bundle)]
    [InlineData("""[{"name":"a"}]""", ConfigFormat.Editor)]
    public void Parse_Memory_MatchesSpan(string text, ConfigFormat format)
    {
        var json = Encoding.UTF8.GetBytes(text);

        var fromSpan = ActionConfigParser.Parse(json.AsSpan(), format);
        var fromMemory = ActionConfigParser.Parse(json.AsMemory(), format);

        Assert.Equal(fromSpan.Diagnostics, fromMemory.Diagnostics);
        Assert.Equal(format == ConfigFormat.Bundle ? 1 : text.Count(c => c == '{') == 2 ? 2 : 0, fromMemory.Actions.Length);
        Assert.Equal(fromSpan.Actions.Select(a => (a.Name, a.Url, a.RawJson)), fromMemory.Actions.Select(a => (a.Name, a.Url, a.RawJson)));
    }

    [Fact]
    public void Parse_Definition_EqualityAndHashDoNotDependOnReadingRawJson()
    {
        var json = Encoding.UTF8.GetBytes("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list"],"url":"https://x.example/"}]""");
        var action = Assert.Single(ActionConfigParser.Parse(json, ConfigFormat.Editor).Actions);
        var copy = action with { };
        var hashBefore = action.GetHashCode();

        var raw = action.RawJson;

        Assert.Equal(hashBefore, action.GetHashCode());
        Assert.Equal(action, copy);
        Assert.Equal(action, action with { RawJson = raw });
        Assert.NotEqual(action, action with { RawJson = raw + " " });
    }

    public static TheoryData<string, string> OctaneDocExamples => new()
    {
        {
            "toolbar button (JSON structure page)",
            """
            [
            {
            "name": "defect-details",
            "title": "Defect Details",
            "entity_type": ["defect"],
            "views": ["list", "details"],
            "icon": "rss",
            "url": "https://server.domain.com/some-application?entity_ids={entity_ids}&entity_type={entity_type}&shared_space={shared_space}&workspace={workspace}&user_login={user_login}&email={user_email}&action=defect-details",
            "single_entity": true,
            "events": false,
            "dialog": "large"
            }
            ]
            """
        },
        {
            "Aviator chips with a prompt and with a bundle file (JSON structure page)",
            """
            [
            {
            "name": "perform-coverage-analysis",
            "title": "Perform coverage analysis",
            "entity_type": [
            "feature"
            ],
            "views": [
            "details"
            ],
            "tooltip": "Analyze existing tests coverage on feature functionality including all related entities",
            "mode": {
            "name": "aviator_chat",
            "prompt": "perform coverage analysis, specify which test is covering which backlog item and whether there is a functionality specified that is not covered by any test."
            },
            "single_entity": true
            },
            {
            "name": "suggest-feature-specification-completions-demo-action",
            "title": "Suggest feature specification completions",
            "entity_type": [
            "feature"
            ],
            "views": [
            "details"
            ],
            "url": "{bundle_url}/whats-new-section.txt",
            "tooltip": "Suggest missing sections in the Feature specification",
            "mode": {
            "name": "aviator_chat"
            },
            "single_entity": true
            }
            ]
            """
        },
        {
            "sidebar plugin (JSON structure page)",
            """
            [
            {
            "name": "pipeline-details",
            "title": "Pipeline Preview",
            "entity_type": [
            "run_history"
            ],
            "views": [
            "list"
            ],
            "icon": "details",
            "url": "{bundle_url}/external-details/external-details.html?shared_space={shared_space}&workspace={workspace}&user_login={user_login}&email={user_email}&octane_url={octane_url}&context_program={context_program}&context_pipeline={context_pipeline}&context_pipeline_run={context_pipeline_run}#entity_ids={entity_ids}&entity_type={entity_type}&query={query}",
            "mode": {
            "name": "side_panel",
            "modules": [
            "pipelines"
            ]
            }
            }
            ]
            """
        },
        {
            "bundle-hosted dialog (Add external actions page)",
            """
            [
            {
            "name": "foo",
            "title": "Foo",
            "entity_type": ["work_item"],
            "views": ["list"],
            "url": "{octane_url}/api/shared_spaces/{shared_space}/external-entity-actions/bundle/foo/foo.html",
            "dialog": "medium",
            "events": true,
            "workspaces": [1002, 1004]
            }
            ]
            """
        },
    };

    [Theory]
    [MemberData(nameof(OctaneDocExamples))]
    public void Parse_OctaneDocumentationExample_IsValidWithoutWarnings(string example, string json)
    {
        var result = Parse(json, ConfigFormat.Editor);

        Assert.True(result.Diagnostics.IsEmpty, example + ": " + string.Join("; ", result.Diagnostics));
        Assert.NotEmpty(result.Actions);
    }

    [Fact]
    public void Parse_OctaneChipExamples_NormaliseBothPromptSources()
    {
        var json = OctaneDocExamples.Select(row => row.Data).Single(row => row.Item1.StartsWith("Aviator", StringComparison.Ordinal)).Item2;

        var actions = Parse(json, ConfigFormat.Editor).Actions;

        Assert.All(actions, a => Assert.Equal(ActionKind.AviatorChip, a.Kind));
        Assert.StartsWith("perform coverage analysis", actions[0].Prompt, StringComparison.Ordinal);
        Assert.Equal(("{bundle_url}/whats-new-section.txt", (string?)null), (actions[1].Url, actions[1].Prompt));
    }

    private static ParseResult Parse(string json, ConfigFormat format) =>
        ActionConfigParser.Parse(Encoding.UTF8.GetBytes(json), format);
}
