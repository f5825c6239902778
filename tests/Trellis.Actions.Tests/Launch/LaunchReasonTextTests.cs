using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Tests.TestSupport;
using static Trellis.Actions.Tests.TestSupport.TestContexts;

namespace Trellis.Actions.Tests.Launch;

public sealed class LaunchReasonTextTests
{
    private static LaunchPlan Plan(ActionDefinition action, LaunchContext context) =>
        LaunchPlanner.Plan(action, context, ActionPolicy.Default, EntityTypeTree.Default);

    [Fact]
    public void ForPerson_SingleEntityActionWithNothingSelected_AsksForOneItem()
    {
        var plan = Plan(TestActions.Button("https://app.example.com/{entity_id}"), List("work_item"));

        Assert.Equal(LaunchReasons.Selection, plan.Reason);
        Assert.Equal("Select one item to use this action.", LaunchReasonText.ForPerson(plan, "Defect"));
    }

    [Fact]
    public void ForPerson_SingleEntityActionUnderSelectAll_CountsTheWholeGrid()
    {
        var context = List("work_item", Entity("1")) with { AllSelected = true, TotalCount = 740 };

        var plan = Plan(TestActions.Button() with { SingleEntity = true }, context);

        Assert.Equal("This action works on exactly one item; 740 are selected.", LaunchReasonText.ForPerson(plan, "Defect"));
    }

    [Fact]
    public void ForPerson_SelectionWithOtherTypes_NamesTheTypesTheActionTakes()
    {
        var plan = Plan(TestActions.Button(entityTypes: ["defect"]), List("work_item", Entity("1", "defect"), Entity("2", "story")));

        Assert.Equal("This action applies only to Defect items; the selection holds others.", LaunchReasonText.ForPerson(plan, "Defect"));
    }

    [Fact]
    public void ForPerson_SchemeRefusedByPolicy_SaysTheSiteDoesNotAllowIt()
    {
        var plan = Plan(TestActions.Button("ftp://files.example.com/{entity_ids}"), List("work_item", Entity("1")));

        Assert.Equal(LaunchReasons.Protocol, plan.Reason);
        Assert.Equal("The site's protocol policy does not allow this action's link.", LaunchReasonText.ForPerson(plan, "Defect"));
    }

    public static TheoryData<string?, string> AuthorTexts => new()
    {
        { null, "" },
        { LaunchReasons.Workspace, "the action does not apply in this workspace (workspaces / exclude_workspaces)" },
        { LaunchReasons.Module, "the side panel is not configured for this module (mode.modules)" },
        { LaunchReasons.BundleDisabled, "the URL uses {bundle_url} while bundles are disabled" },
        { "something_new", "the action cannot be launched (something_new)" },
    };

    [Theory]
    [MemberData(nameof(AuthorTexts))]
    public void ForAuthor_EachReason_NamesTheConfigurationKeyBehindIt(string? reason, string expected) =>
        Assert.Equal(expected, LaunchReasonText.ForAuthor(reason));
}
