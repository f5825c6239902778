using Trellis.Application.ExternalActions;
using Trellis.Application.Workspaces;

namespace Trellis.Web.Tests;

/// <summary>The context filter's picks: read from the address, and turned into the grid's query.</summary>
public sealed class ModuleContextTests
{
    public static TheoryData<string, string, ModuleContext> Addresses => new()
    {
        { "http://h/1001/1002/backlog?release=12&sprint=34", "backlog", new ModuleContext("12", "34") },
        // A sprint without its release, a milestone outside releases and ids that are not positive numbers count for nothing.
        { "http://h/1001/1002/backlog?sprint=34&milestone=5", "backlog", ModuleContext.None },
        { "/1001/1002/releases?release=12&milestone=5&sprint=34#x", "releases", new ModuleContext("12", Milestone: "5") },
        { "/1001/1002/pipelines?pipeline=7&run=70&release=12", "pipelines", new ModuleContext(Pipeline: "7", PipelineRun: "70") },
        { "/1001/1002/backlog?release=0&sprint=x", "backlog", ModuleContext.None },
        { "/1001/1002/backlog?release=1&release=2", "backlog", ModuleContext.None },
        { "/1001/1002/backlog", "backlog", ModuleContext.None },
        { "/1001/1002/team_backlog?team=7&release=12&sprint=34", "team_backlog", new ModuleContext("12", "34", Team: "7") },
        // The team is the team backlog's pick only; elsewhere it is no pick at all.
        { "/1001/1002/backlog?team=7&release=12", "backlog", new ModuleContext("12") },
        { "/1001/1002/team_backlog?team=-7", "team_backlog", ModuleContext.None },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Parse_Address_ReadsThePicksTheModuleOffers(string uri, string module, ModuleContext expected) =>
        Assert.Equal(expected, ModuleContext.Parse(uri, module));

    public static TheoryData<string, ModuleContext, string?, string?> Queries => new()
    {
        { "backlog", ModuleContext.None, null, null },
        { "backlog", ModuleContext.None, "\"name EQ '*x*'\"", "\"name EQ '*x*'\"" },
        { "backlog", new ModuleContext("12"), null, "\"release EQ {id EQ 12}\"" },
        { "backlog", new ModuleContext("12", "34"), "\"a EQ 1||b EQ 2\"", "\"release EQ {id EQ 12};sprint EQ {id EQ 34};(a EQ 1||b EQ 2)\"" },
        { "quality", new ModuleContext("12"), null, "\"covered_content EQ {release EQ {id EQ 12}}\"" },
        { "releases", new ModuleContext("12", Milestone: "5"), null, "\"id EQ 12\"" },
        { "pipelines", new ModuleContext(Pipeline: "7", PipelineRun: "70"), null, "\"pipeline EQ {id EQ 7};id EQ 70\"" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void CombineWith_PicksAndFilter_BothApply(string module, ModuleContext context, string? filter, string? expected) =>
        Assert.Equal(expected, context.CombineWith(module, filter));

    public static TheoryData<string, string?, string[]> Pickers => new()
    {
        { "backlog", null, ["release", "sprint"] },
        { "backlog", "task", ["release", "sprint"] },
        { "quality", "run", ["release"] },
        { "quality", "product_area", [] },
        { "pipelines", "pipeline", ["pipeline"] },
        { "releases", "sprint", ["release"] },
        { "releases", "milestone", ["release", "milestone"] },
        { "releases", "team", [] },
        { "releases", "program", [] },
        { "team_backlog", null, ["team", "release", "sprint"] },
        { "team_backlog", "task", ["team", "release", "sprint"] },
        // A type of another module has no pickers here.
        { "backlog", "sprint", [] },
    };

    [Theory]
    [MemberData(nameof(Pickers))]
    public void PickersOf_GridType_OffersThePickersThatNarrowIt(string module, string? gridType, string[] expected) =>
        Assert.Equal(expected, ModuleContext.PickersOf(module, gridType));

    public static TheoryData<string, string, ModuleContext, string?> TypeQueries => new()
    {
        { "backlog", "work_item", new ModuleContext("12", "34"), "\"release EQ {id EQ 12};sprint EQ {id EQ 34}\"" },
        { "backlog", "task", new ModuleContext("12", "34"), "\"story EQ {release EQ {id EQ 12}};story EQ {sprint EQ {id EQ 34}}\"" },
        { "quality", "run", new ModuleContext("12", "34"), "\"release EQ {id EQ 12}\"" },
        { "quality", "product_area", new ModuleContext("12", "34"), null },
        { "releases", "sprint", new ModuleContext("12", Milestone: "5"), "\"release EQ {id EQ 12}\"" },
        { "releases", "milestone", new ModuleContext("12", Milestone: "5"), "\"release EQ {id EQ 12};id EQ 5\"" },
        { "releases", "team", new ModuleContext("12", Milestone: "5"), null },
        { "pipelines", "pipeline", new ModuleContext(Pipeline: "7", PipelineRun: "70"), "\"id EQ 7\"" },
        { "team_backlog", "work_item", new ModuleContext("12", Team: "7"), "\"team EQ {id EQ 7};release EQ {id EQ 12}\"" },
        { "team_backlog", "task", new ModuleContext(Team: "7"), "\"story EQ {team EQ {id EQ 7}}\"" },
        // Only the team backlog narrows by team.
        { "backlog", "work_item", new ModuleContext(Team: "7"), null },
    };

    [Theory]
    [MemberData(nameof(TypeQueries))]
    public void CombineWith_GridType_OnlyThePicksThatApplyNarrow(string module, string gridType, ModuleContext context, string? expected) =>
        Assert.Equal(expected, context.CombineWith(module, gridType, null));

    [Fact]
    public void For_GridType_DropsThePicksThatDoNotApply()
    {
        var context = new ModuleContext("12", Milestone: "5");

        Assert.Equal(new ModuleContext("12"), context.For("releases", "sprint"));
        Assert.Equal(ModuleContext.None, context.For("releases", "team"));
        Assert.Equal(context, context.For("releases", null));
    }

    [Fact]
    public void AwaitsPick_TeamBacklogWithoutATeam_ListsNothingUntilOneIsPicked()
    {
        Assert.True(ModuleContext.None.AwaitsPick("team_backlog"));
        Assert.True(new ModuleContext("12").AwaitsPick("team_backlog"));
        Assert.False(new ModuleContext(Team: "7").AwaitsPick("team_backlog"));
        Assert.False(ModuleContext.None.AwaitsPick("backlog"));
    }

    [Fact]
    public void ToLaunchContext_Picks_BecomeTheContextTokens()
    {
        var place = new ViewPlace(1001, 1002, "list", "backlog", "work_item", [], Context: new ModuleContext("12", "34"));

        var context = place.ToLaunchContext("http://h/");

        Assert.Equal(("12", "34", null, null), (context.ContextRelease, context.ContextSprint, context.ContextMilestone, context.ContextPipeline));
    }
}
