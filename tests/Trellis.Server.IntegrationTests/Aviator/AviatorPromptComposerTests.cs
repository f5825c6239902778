using System.Text;
using System.Text.Json.Nodes;
using Trellis.Application.Aviator;

namespace Trellis.Server.IntegrationTests.Aviator;

/// <summary>What a chip sends (docs/reference/launches.md#modes), composed without I/O.</summary>
public sealed class AviatorPromptComposerTests
{
    private static AviatorEntity Defect(int id, string name) => new(
        "work_item", "defect", id.ToString(System.Globalization.CultureInfo.InvariantCulture), name, "Steps:\nOpen the login page.",
        [KeyValuePair.Create("severity", "High"), KeyValuePair.Create("owner", "Jane Doe")]);

    [Fact]
    public void Compose_OneEntity_PromptThenTypedContext()
    {
        var request = AviatorPromptComposer.Compose("  Summarize these.  ", [Defect(2001, "Login fails")], 1);

        Assert.Equal(AviatorPromptComposer.SystemPrompt, request.System);
        Assert.Equal(
            "Summarize these.\n\nContext: 1 selected entity.\n\nEntity 1\ntype: work_item\nsubtype: defect\nid: 2001\nname: Login fails\n" +
            "description: Steps:\n  Open the login page.\nseverity: High\nowner: Jane Doe",
            request.User);
        Assert.Equal(2, request.ToMessages().Count);
    }

    [Fact]
    public void Compose_MoreThanTwentyEntities_KeepsTheFirstTwentyAndSaysSo()
    {
        var entities = Enumerable.Range(1, 25).Select(i => Defect(i, $"Defect {i}")).ToList();

        var request = AviatorPromptComposer.Compose("Summarize.", entities, 25);

        Assert.Contains("Context: 25 selected entities (the first 20 are shown).", request.User, StringComparison.Ordinal);
        Assert.Contains("name: Defect 20\n", request.User, StringComparison.Ordinal);
        Assert.DoesNotContain("Defect 21", request.User, StringComparison.Ordinal);
        Assert.Equal(20, request.User.Split("\nEntity ").Length - 1);
    }

    [Fact]
    public void Compose_NothingSelected_SaysSoAndInventsNoContext()
    {
        var request = AviatorPromptComposer.Compose("Summarize.", [], 0);

        Assert.Equal("Summarize.\n\nContext: no entity is selected.", request.User);
    }

    [Fact]
    public void Compose_EmptyValues_LeaveTheirLinesOut()
    {
        var request = AviatorPromptComposer.Compose("P", [new AviatorEntity("release", null, "3001", "R 1.0", null, [])], 1);

        Assert.Equal("P\n\nContext: 1 selected entity.\n\nEntity 1\ntype: release\nid: 3001\nname: R 1.0", request.User);
    }

    public static TheoryData<string?, string?> PromptUrls => new()
    {
        { "{bundle_url}/whats-new-section.txt", "whats-new-section.txt" },
        { "{bundle_url}/prompts/release%20notes.txt", "prompts/release notes.txt" },
        { "{bundle_url}/prompts/p.txt?v=2#top", "prompts/p.txt" },
        { "{bundle_url}/", null },
        { "{bundle_url}/../secret.txt", null },
        { "https://example.com/p.txt", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(PromptUrls))]
    public void PromptFilePath_ChipUrl_IsTheStoredBundlePath(string? url, string? expected) =>
        Assert.Equal(expected, AviatorPromptComposer.PromptFilePath(url));

    [Fact]
    public void ReadPromptFile_Utf8WithBom_IsTheTextWithoutTheBom()
    {
        var file = AviatorPromptComposer.ReadPromptFile("p.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Wrïte the notes {entity_ids}.")]);

        // No token substitution: the braces stay as written.
        Assert.Equal("Wrïte the notes {entity_ids}.", file.Text);
        Assert.Null(file.Error);
    }

    public static TheoryData<byte[]?, string> BadFiles => new()
    {
        { null, "is not in any bundle" },
        { new byte[(64 * 1024) + 1], "larger than 64 KiB" },
        { [0x41, 0xC3, 0x28], "not valid UTF-8" },
        { Encoding.UTF8.GetBytes("  \n "), "is empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ReadPromptFile_Unusable_SaysWhy(byte[]? content, string why)
    {
        var file = AviatorPromptComposer.ReadPromptFile("p.txt", content);

        Assert.Null(file.Text);
        Assert.Contains(why, file.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPromptFile_Exactly64KiB_IsAccepted() =>
        Assert.NotNull(AviatorPromptComposer.ReadPromptFile("p.txt", Encoding.UTF8.GetBytes(new string('a', 64 * 1024))).Text);

    public static TheoryData<string, bool, string?> FieldValues => new()
    {
        { "\"plain\"", false, "plain" },
        { "\"<p>Rich <b>text</b> &amp; more</p>\"", true, "Rich text & more" },
        { "\"<p>kept</p>\"", false, "<p>kept</p>" },
        { "3.5", false, "3.5" },
        { "true", false, "true" },
        { "null", false, null },
        { "\"\"", false, null },
        { """{"type":"workspace_user","id":"7","name":"Jane Doe"}""", false, "Jane Doe" },
        { """{"type":"release","id":"3001"}""", false, "3001" },
        { """{"total_count":2,"data":[{"type":"team","id":"1","name":"Red"},{"type":"team","id":"2","name":"Blue"}]}""", false, "Red, Blue" },
        { """{"total_count":0,"data":[]}""", false, null },
    };

    [Theory]
    [MemberData(nameof(FieldValues))]
    public void FieldText_RenderedValue_IsPlainText(string json, bool memo, string? expected) =>
        Assert.Equal(expected, AviatorPromptComposer.FieldText(JsonNode.Parse(json), memo));

    [Fact]
    public void FieldText_LongValue_IsCutTo2000()
    {
        var text = AviatorPromptComposer.FieldText(JsonValue.Create(new string('x', 5000)), memo: false);

        Assert.Equal(AviatorPromptComposer.MaxFieldLength, text!.Length);
    }
}
