using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;
using Trellis.Actions.Tests.TestSupport;
using static Trellis.Actions.Tests.TestSupport.TestContexts;

namespace Trellis.Actions.Tests.Launch;

public sealed class LaunchPlannerFragmentTests
{
    private static LaunchPlan Open(string url, LaunchContext context) =>
        LaunchPlanner.Plan(TestActions.Panel(url) with { EntityTypes = ["defect"] }, context, ActionPolicy.Default, EntityTypeTree.Default);

    private static LaunchPlan Update(LaunchPlan plan, LaunchContext context) =>
        LaunchPlanner.UpdateFragment(plan, context, ActionPolicy.Default, EntityTypeTree.Default);

    [Fact]
    public void UpdateFragment_NewSelection_ChangesOnlyTheFragment()
    {
        var opened = Open("https://panel.example.com/{workspace}?first={entity_ids}#ids={entity_ids}&type={entity_type}", List("work_item", Entity("1")));

        var updated = Update(opened, List("work_item", Entity("2"), Entity("3")) with { Workspace = 1002 });

        Assert.Equal("https://panel.example.com/1002?first=1#ids=1&type=work_item", opened.Url);
        Assert.Equal("https://panel.example.com/1002?first=1#ids=2,3&type=work_item", updated.Url);
    }

    [Fact]
    public void UpdateFragment_NonMatchingEntities_AreDroppedFromTheFragment()
    {
        var opened = Open("https://panel.example.com/#ids={entity_ids}", List("work_item"));
        var updated = Update(opened, List("work_item", Entity("1", "story"), Entity("2", "defect")));
        Assert.Equal("https://panel.example.com/#ids=2", updated.Url);
    }

    [Fact]
    public void UpdateFragment_SingleEntityFields_FollowTheSelection()
    {
        var opened = Open("https://panel.example.com/#id={entity_id}&n={entity.name}", List("work_item"));

        var one = Update(opened, List("work_item", Entity("5", fields: ("name", FieldValue.OfString("a b")))));
        var two = Update(one, List("work_item", Entity("5"), Entity("6")));

        Assert.Equal("https://panel.example.com/#id=&n=", opened.Url);
        Assert.Equal("https://panel.example.com/#id=5&n=a%20b", one.Url);
        Assert.Equal("https://panel.example.com/#id=&n=", two.Url);
    }

    [Fact]
    public void UpdateFragment_TemplateWithoutFragment_LeavesThePlanAlone()
    {
        var opened = Open("https://panel.example.com/?ids={entity_ids}", List("work_item", Entity("1")));
        Assert.Same(opened, Update(opened, List("work_item", Entity("2"))));
    }

    [Fact]
    public void UpdateFragment_PlanThatCannotLaunch_IsReturnedUnchanged()
    {
        var refused = Open("ftp://panel.example.com/#ids={entity_ids}", List("work_item"));
        Assert.False(refused.CanLaunch);
        Assert.Same(refused, Update(refused, List("work_item", Entity("2"))));
    }
}
