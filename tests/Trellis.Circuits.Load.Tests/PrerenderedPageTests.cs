using System.Text.Json.Nodes;

namespace Trellis.Circuits.Load.Tests;

public sealed class PrerenderedPageTests
{
    [Fact]
    public void TheBacklogPage_GivesItsTwoServerMarkersAndItsState()
    {
        // The head outlet's and the routes' markers and the state comment of Trellis's prerendered backlog page.
        var html = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "backlog-markers.html"));

        var page = PrerenderedPage.Parse(html, "the backlog page");

        Assert.Equal(2, page.Markers.Count);
        Assert.Equal([0, 1], page.Markers.Select(m => (int)m["sequence"]!));
        Assert.StartsWith("CfDJ8", page.ApplicationState, StringComparison.Ordinal);
        // JSON escapes in the descriptor (\u002B) are read as the characters they stand for.
        Assert.DoesNotContain(page.Markers, m => ((string)m["descriptor"]!).Contains("\\u002B", StringComparison.Ordinal));
        Assert.Contains(page.Markers, m => ((string)m["descriptor"]!).Contains('+', StringComparison.Ordinal));

        var operations = JsonNode.Parse(page.AddOperations(1))!;
        Assert.Equal(1, (int)operations["batchId"]!);
        var added = operations["operations"]!.AsArray();
        Assert.Equal(["add", "add"], added.Select(o => (string)o!["type"]!));
        Assert.Equal([1, 2], added.Select(o => (int)o!["ssrComponentId"]!));
        Assert.Equal(page.Markers.Select(m => (string)m["prerenderId"]!), added.Select(o => (string)o!["marker"]!["prerenderId"]!));
    }

    [Fact]
    public void APageWithoutAServerComponent_IsAnErrorNamingIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => PrerenderedPage.Parse("<html><body><form>Sign in</form></body></html>", "GET /ui/sign-in"));

        Assert.Contains("GET /ui/sign-in has no server component marker", error.Message, StringComparison.Ordinal);
    }
}
