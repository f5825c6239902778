using System.Text;
using Trellis.Actions.Configuration;

namespace Trellis.Actions.Tests.Configuration;

/// <summary>The list envelope <c>{"data":[…]}</c> that PUT and <c>trellis validate</c> both read through <see cref="ConfigEnvelope"/>.</summary>
public sealed class ConfigEnvelopeTests
{
    private const string Action = """{"name": "a", "title": "A", "entity_type": ["defect"], "views": ["list"], "url": "https://example.com/"}""";

    [Fact]
    public void TheServersGetAnswer_UnwrapsToItsArrayWithEverythingElseBlankedOnTheSameLines()
    {
        var document = Encoding.UTF8.GetBytes($"{{\"total_count\": 1,\n\"data\": [{Action}],\n\"exceeds_total_count\": false}}");

        Assert.True(ConfigEnvelope.TryUnwrap(document, out var editorArray));

        Assert.Equal(document.Length, editorArray!.Length);
        var lines = Encoding.UTF8.GetString(editorArray).Split('\n');
        Assert.Equal(["", $"[{Action}]", ""], lines.Select(line => line.Trim()));
        var parsed = ActionConfigParser.Parse(editorArray, ConfigFormat.Editor);
        Assert.False(parsed.HasErrors);
        Assert.Single(parsed.Actions);
    }

    [Fact]
    public void AnErrorInsideTheEnvelope_IsLocatedInTheDocumentAsWritten()
    {
        var document = Encoding.UTF8.GetBytes("\uFEFF{\"version\": 3,\n  \"data\": [\n    {\"name\": \"bad name!\", \"title\": \"T\", \"entity_type\": [\"defect\"], \"views\": [\"list\"], \"url\": \"https://example.com/\"}\n  ]\n}");

        Assert.True(ConfigEnvelope.TryUnwrap(document, out var editorArray));
        var diagnostic = Assert.Single(ActionConfigParser.Parse(editorArray, ConfigFormat.Editor).Diagnostics);

        Assert.Equal(("XA1103", "/0/name", 3, 14), (diagnostic.Code, diagnostic.Pointer, diagnostic.Line, diagnostic.Column));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData(Action)]
    [InlineData("""{"total_count": 0}""")]
    [InlineData("""{"data": """)]
    [InlineData("not json")]
    public void AnythingElse_IsNotAnEnvelopeAndPutReadsItAsSent(string text)
    {
        var document = Encoding.UTF8.GetBytes(text);

        Assert.False(ConfigEnvelope.TryUnwrap(document, out _));
        Assert.Equal(document, ConfigEnvelope.EditorArray(document).ToArray());
    }
}
