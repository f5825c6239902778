using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;
using Trellis.Actions.Tests.TestSupport;
using static Trellis.Actions.Tests.TestSupport.TestContexts;

namespace Trellis.Actions.Tests.Launch;

public sealed class LaunchPlannerTests
{
    private static readonly EntityTypeTree s_tree = EntityTypeTree.Default;
    private static readonly ActionPolicy s_policy = ActionPolicy.Default;

    private static LaunchPlan Plan(ActionDefinition action, LaunchContext context, ActionPolicy? policy = null) =>
        LaunchPlanner.Plan(action, context, policy ?? s_policy, s_tree);

    private static void AssertHidden(LaunchPlan plan, string reason)
    {
        Assert.False(plan.IsVisible);
        Assert.False(plan.IsEnabled);
        Assert.Equal(reason, plan.Reason);
        Assert.Null(plan.Url);
    }

    private static void AssertDisabled(LaunchPlan plan, string reason)
    {
        Assert.True(plan.IsVisible);
        Assert.False(plan.IsEnabled);
        Assert.Equal(reason, plan.Reason);
        Assert.Null(plan.Url);
    }

    [Fact]
    public void Plan_ButtonWithMatchingSelection_OpensTheExpandedUrlInATab()
    {
        var plan = Plan(TestActions.Button(), List("work_item", Entity("2001"), Entity("2002")));

        Assert.True(plan.CanLaunch);
        Assert.Null(plan.Reason);
        Assert.Equal(LaunchMode.Tab, plan.Mode);
        Assert.Equal("tab", plan.ModeName);
        Assert.Equal("https://app.example.com/open?ids=2001,2002", plan.Url);
        Assert.Equal("https://app.example.com", plan.AppOrigin);
        Assert.True(plan.NoOpener);
        Assert.False(plan.EventsAllowed);
        Assert.False(plan.DialogControlAllowed);
        Assert.Null(plan.InstanceId);
    }

    // Check 1.
    [Theory]
    [InlineData(new long[] { 1003 }, null)]
    [InlineData(new long[0], null)]
    [InlineData(null, new long[] { 1002 })]
    public void Plan_WorkspaceNotIncluded_IsHiddenForWorkspace(long[]? only, long[]? excluded)
    {
        var action = TestActions.Button() with
        {
            Workspaces = only is null ? null : [.. only],
            ExcludeWorkspaces = excluded is null ? null : [.. excluded],
        };
        AssertHidden(Plan(action, List("work_item", Entity("1"))), LaunchReasons.Workspace);
    }

    [Fact]
    public void Plan_WorkspaceListed_IsVisible()
    {
        var action = TestActions.Button() with { Workspaces = [1002], ExcludeWorkspaces = null };
        Assert.True(Plan(action, List("work_item", Entity("1"))).CanLaunch);
        Assert.True(Plan(TestActions.Button() with { ExcludeWorkspaces = [1003] }, List("work_item", Entity("1"))).CanLaunch);
    }

    // Check 2.
    [Fact]
    public void Plan_ViewNotListed_IsHiddenForView()
    {
        var action = TestActions.Button() with { Views = ActionViews.Details };
        AssertHidden(Plan(action, List("work_item", Entity("1"))), LaunchReasons.View);
    }

    // Check 3.
    [Fact]
    public void Plan_PanelInAnotherModule_IsHiddenForModule()
    {
        var panel = TestActions.Panel(modules: "quality");
        AssertHidden(Plan(panel, List("work_item", Entity("1"))), LaunchReasons.Module);
    }

    [Fact]
    public void Plan_PanelInDetailsViewWithoutModule_UsesTheHomeModuleOfTheType()
    {
        var panel = TestActions.Panel(modules: "backlog");
        Assert.True(Plan(panel, Details("defect", Entity("1"))).CanLaunch);
        AssertHidden(Plan(TestActions.Panel(modules: "quality"), Details("defect", Entity("1"))), LaunchReasons.Module);
    }

    [Fact]
    public void Plan_ButtonInAnyModule_PassesTheModuleCheck() =>
        Assert.True(Plan(TestActions.Button(), List("work_item", Entity("1")) with { Module = "quality" }).CanLaunch);

    // Check 4.
    [Theory]
    [InlineData("test", ActionViews.List, "work_item")]
    [InlineData("story", ActionViews.Details, "defect")]
    [InlineData("release", ActionViews.List, "sprint")]
    public void Plan_TypeNotShown_IsHiddenForEntityType(string actionType, ActionViews view, string contextType)
    {
        var action = TestActions.Button("https://app.example.com/", actionType);
        var context = view == ActionViews.List ? List(contextType) : Details(contextType, Entity("1", contextType));
        AssertHidden(Plan(action, context), LaunchReasons.EntityType);
    }

    [Theory]
    [InlineData("defect", "work_item")]
    [InlineData("work_item", "defect")]
    [InlineData("work_item", "work_item")]
    public void Plan_GridThatCanShowAMatchingType_IsVisible(string actionType, string gridType) =>
        Assert.True(Plan(TestActions.Button("https://app.example.com/", actionType), List(gridType)).IsVisible);

    // Check 5.
    [Fact]
    public void Plan_ListSelectionWithANonMatchingEntity_IsDisabledForSelection() =>
        AssertDisabled(Plan(TestActions.Button(), List("work_item", Entity("1", "defect"), Entity("2", "story"))), LaunchReasons.Selection);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Plan_SingleEntityWithoutExactlyOne_IsDisabledForSelection(int count)
    {
        var entities = Enumerable.Range(1, count).Select(i => Entity($"{i}")).ToArray();
        AssertDisabled(Plan(TestActions.Button() with { SingleEntity = true }, List("work_item", entities)), LaunchReasons.Selection);
    }

    [Theory]
    [InlineData("https://app.example.com/{entity_id}")]
    [InlineData("https://app.example.com/?n={entity.name}")]
    public void Plan_UrlWithASingleEntityToken_NeedsExactlyOne(string url)
    {
        AssertDisabled(Plan(TestActions.Button(url), List("work_item", Entity("1"), Entity("2"))), LaunchReasons.Selection);
        Assert.True(Plan(TestActions.Button(url), List("work_item", Entity("1"))).CanLaunch);
    }

    [Fact]
    public void Plan_MultiEntityActionWithNothingSelected_IsEnabled()
    {
        var plan = Plan(TestActions.Button(), List("work_item"));
        Assert.True(plan.CanLaunch);
        Assert.Equal("https://app.example.com/open?ids=", plan.Url);
    }

    [Fact]
    public void Plan_SelectAllOverMoreRows_DisablesASingleEntityAction()
    {
        var context = List("work_item", Entity("1")) with { AllSelected = true, TotalCount = 3 };
        AssertDisabled(Plan(TestActions.Button() with { SingleEntity = true }, context), LaunchReasons.Selection);
        Assert.True(Plan(TestActions.Button() with { SingleEntity = true }, context with { TotalCount = 1 }).CanLaunch);
    }

    [Fact]
    public void Plan_SelectAll_SendsTheFirst500IdsWithAllSelected()
    {
        var entities = Enumerable.Range(1, 600).Select(i => Entity($"{i}")).ToArray();
        var context = List("work_item", entities) with { AllSelected = true, TotalCount = 1200 };

        var plan = Plan(TestActions.Button("https://app.example.com/?all={all_selected}&ids={entity_ids}"), context);

        Assert.True(plan.CanLaunch);
        var ids = plan.Url!.Split("&ids=")[1].Split(',');
        Assert.StartsWith("https://app.example.com/?all=true&", plan.Url, StringComparison.Ordinal);
        Assert.Equal(500, ids.Length);
        Assert.Equal("1", ids[0]);
        Assert.Equal("500", ids[^1]);
    }

    [Fact]
    public void Plan_DetailsView_SelectionIsTheEntityItself()
    {
        var action = TestActions.Button("https://app.example.com/{entity_id}?n={entity.name}&ids={entity_ids}&all={all_selected}&q={query}&t={entity_type}");
        var context = Details("defect", Entity("2001", "defect", ("name", FieldValue.OfString("Login fails")))) with { Query = "\"x\"", AllSelected = true };

        var plan = Plan(action, context);

        Assert.True(plan.CanLaunch);
        Assert.Equal("https://app.example.com/2001?n=Login%20fails&ids=2001&all=false&q=&t=work_item", plan.Url);
    }

    [Fact]
    public void Plan_PanelWithNonMatchingSelection_IsEnabledWithOnlyTheMatchingEntities()
    {
        var panel = TestActions.Panel() with { EntityTypes = ["defect"] };
        var context = List("work_item", Entity("1", "defect"), Entity("2", "story"), Entity("3", "defect"));

        var plan = Plan(panel, context);

        Assert.True(plan.CanLaunch);
        Assert.EndsWith("#ids=1,3", plan.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PanelWithSingleEntityTokenAndTwoSelected_IsEnabledWithEmptyFields()
    {
        var panel = TestActions.Panel("https://panel.example.com/#id={entity_id}&n={entity.name}");
        var plan = Plan(panel, List("work_item", Entity("1", fields: ("name", FieldValue.OfString("a"))), Entity("2")));
        Assert.True(plan.CanLaunch);
        Assert.Equal("https://panel.example.com/#id=&n=", plan.Url);
    }

    // Check 6.
    [Theory]
    [InlineData("ftp://files.example.com/{entity_id}")]
    [InlineData("td://open/{entity_ids}")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("  java\tscript:alert(1)")]
    [InlineData("data:text/html,x")]
    [InlineData("/relative/path")]
    public void Plan_SchemeNotAllowed_IsDisabledForProtocol(string url) =>
        AssertDisabled(Plan(TestActions.Button(url), List("work_item", Entity("1"))), LaunchReasons.Protocol);

    [Fact]
    public void Plan_ForbiddenSchemeEvenIfListed_IsDisabledForProtocol()
    {
        var policy = new ActionPolicy(ProtocolPolicy.Parse("https,javascript,data,file,vbscript"));
        AssertDisabled(Plan(TestActions.Button("javascript:alert(1)"), List("work_item"), policy), LaunchReasons.Protocol);
        AssertDisabled(Plan(TestActions.Button("file:///etc/passwd"), List("work_item"), policy), LaunchReasons.Protocol);
    }

    [Fact]
    public void Plan_SchemeAddedToThePolicy_OpensAsAProtocolHandler()
    {
        var policy = new ActionPolicy(ProtocolPolicy.Parse("https,td:"));
        var plan = Plan(TestActions.Button("td://open/{entity_ids}") with { Events = true }, List("work_item", Entity("1")), policy);

        Assert.True(plan.CanLaunch);
        Assert.Equal(LaunchMode.ProtocolHandler, plan.Mode);
        Assert.Equal("tab", plan.ModeName);
        Assert.Null(plan.AppOrigin);
        Assert.False(plan.EventsAllowed);
        Assert.False(plan.NoOpener);
    }

    [Fact]
    public void Plan_Mailto_IsAProtocolHandlerWithEncodedValues()
    {
        var plan = Plan(TestActions.Button("mailto:{user_email}?subject=Defect%20{entity_id}&body={entity.name}"),
            List("work_item", Entity("7", fields: ("name", FieldValue.OfString("a&b c")))) with { UserEmail = "a@b.example" });

        Assert.Equal(LaunchMode.ProtocolHandler, plan.Mode);
        Assert.Equal("mailto:a%40b.example?subject=Defect%207&body=a%26b%20c", plan.Url);
    }

    [Fact]
    public void Plan_OctaneUrlPrefix_IsAllowedWhateverThePolicy()
    {
        var policy = new ActionPolicy(ProtocolPolicy.Parse("mailto"));
        var plan = Plan(TestActions.Button("{octane_url}/ui/?ids={entity_ids}"), List("work_item", Entity("1")), policy);

        Assert.True(plan.CanLaunch);
        Assert.Equal("https://alm.example.com/ui/?ids=1", plan.Url);
        Assert.Equal(LaunchMode.Tab, plan.Mode);
        AssertDisabled(Plan(TestActions.Button("https://app.example.com/"), List("work_item"), policy), LaunchReasons.Protocol);
    }

    [Fact]
    public void Plan_UrlWithSpacesAndNewlines_IsNormalisedAsBrowsersDo()
    {
        var plan = Plan(TestActions.Button(" \n https://app.example.com/a\nb?x={entity_ids}\t "), List("work_item", Entity("1")));
        Assert.Equal("https://app.example.com/ab?x=1", plan.Url);
    }

    [Fact]
    public void Plan_ValueThatLooksLikeAScheme_CannotChangeTheScheme()
    {
        var plan = Plan(TestActions.Button("https://app.example.com/go?to={entity.name}"),
            List("work_item", Entity("1", fields: ("name", FieldValue.OfString("javascript:alert(1)")))));
        Assert.Equal("https://app.example.com/go?to=javascript%3Aalert(1)", plan.Url);
    }

    [Fact]
    public void Plan_DialogWithANonWebScheme_IsDisabledForProtocol() =>
        AssertDisabled(Plan(TestActions.Dialog(url: "mailto:x@example.com"), List("work_item")), LaunchReasons.Protocol);

    // Check 7.
    [Fact]
    public void Plan_BundleUrlWhileBundlesAreOff_IsDisabledForBundleDisabled()
    {
        var policy = ActionPolicy.Default with { BundlesEnabled = false };
        AssertDisabled(Plan(TestActions.Button("{bundle_url}/app/index.html"), List("work_item"), policy), LaunchReasons.BundleDisabled);
        Assert.True(Plan(TestActions.Button("{bundle_url}/app/index.html"), List("work_item")).CanLaunch);
    }

    public static TheoryData<string, ActionDefinition, LaunchContext, ActionPolicy> FirstFailureWins
    {
        get
        {
            var noBundles = ActionPolicy.Default with { BundlesEnabled = false };
            var badEverything = TestActions.Panel("ftp://x/{bundle_url}", "quality") with
            {
                Kind = ActionKind.Button,
                EntityTypes = ["test"],
                Views = ActionViews.Details,
                Workspaces = [1],
                SingleEntity = true,
            };
            var list = List("work_item", Entity("1"), Entity("2"));
            return new()
            {
                { LaunchReasons.Workspace, badEverything, list, noBundles },
                { LaunchReasons.View, badEverything with { Workspaces = null }, list, noBundles },
                { LaunchReasons.Module, badEverything with { Workspaces = null, Views = ActionViews.List, Kind = ActionKind.SidePanel }, list, noBundles },
                { LaunchReasons.EntityType, badEverything with { Workspaces = null, Views = ActionViews.List }, list, noBundles },
                { LaunchReasons.Selection, badEverything with { Workspaces = null, Views = ActionViews.List, EntityTypes = ["defect"] }, list, noBundles },
                { LaunchReasons.Protocol, badEverything with { Workspaces = null, Views = ActionViews.List, EntityTypes = ["defect"], SingleEntity = false }, list, noBundles },
                { LaunchReasons.BundleDisabled, badEverything with { Workspaces = null, Views = ActionViews.List, EntityTypes = ["defect"], SingleEntity = false, Url = "https://x/{bundle_url}" }, list, noBundles },
            };
        }
    }

    [Theory]
    [MemberData(nameof(FirstFailureWins))]
    public void Plan_SeveralFailingChecks_ReportsTheFirstInOrder(string reason, ActionDefinition action, LaunchContext context, ActionPolicy policy) =>
        Assert.Equal(reason, Plan(action, context, policy).Reason);

    [Fact]
    public void Plan_Dialog_UsesTheContextDialogIdAndAllowsDialogControl()
    {
        var plan = Plan(TestActions.Dialog(DialogSize.Large), List("work_item") with { DialogId = "d-1", PanelId = "p-1" });

        Assert.Equal(LaunchMode.Dialog, plan.Mode);
        Assert.Equal("dialog", plan.ModeName);
        Assert.Equal(DialogSize.Large, plan.DialogSize);
        Assert.Equal("d-1", plan.DialogId);
        Assert.Null(plan.PanelId);
        Assert.Equal("https://app.example.com/dialog?d=d-1", plan.Url);
        Assert.True(plan.DialogControlAllowed);
        Assert.False(plan.EventsAllowed);
        Assert.False(plan.NoOpener);
        Assert.True(Plan(TestActions.Dialog() with { Events = true }, List("work_item")).EventsAllowed);
    }

    [Fact]
    public void Plan_DialogWithoutId_GeneratesAFresh128BitIdEachLaunch()
    {
        var first = Plan(TestActions.Dialog(url: "https://app.example.com/?d={dialog_id}&p={panel_id}"), List("work_item"));
        var second = Plan(TestActions.Dialog(), List("work_item"));

        Assert.Matches("^[A-Za-z0-9_-]{22}$", first.InstanceId);
        Assert.Equal(16, Convert.FromBase64String(first.InstanceId!.Replace('-', '+').Replace('_', '/') + "==").Length);
        Assert.NotEqual(first.InstanceId, second.InstanceId);
        Assert.Equal($"https://app.example.com/?d={first.InstanceId}&p={first.InstanceId}", first.Url);
    }

    [Fact]
    public void Plan_SidePanel_UsesThePanelIdAndAlwaysAllowsEvents()
    {
        var plan = Plan(TestActions.Panel("https://panel.example.com:8443/p#id={panel_id}&d={dialog_id}"), List("work_item") with { PanelId = "p-1" });

        Assert.Equal(LaunchMode.SidePanel, plan.Mode);
        Assert.Equal("side_panel", plan.ModeName);
        Assert.Equal("p-1", plan.PanelId);
        Assert.Null(plan.DialogId);
        Assert.True(plan.EventsAllowed);
        Assert.False(plan.DialogControlAllowed);
        Assert.Equal("https://panel.example.com:8443", plan.AppOrigin);
        Assert.Equal("https://panel.example.com:8443/p#id=p-1&d=p-1", plan.Url);
    }

    [Fact]
    public void Plan_TabWithEvents_KeepsTheOpener()
    {
        var plan = Plan(TestActions.Button("https://app.example.com/?d={dialog_id}") with { Events = true }, List("work_item") with { DialogId = "d-1" });
        Assert.True(plan.EventsAllowed);
        Assert.False(plan.NoOpener);
        Assert.Null(plan.InstanceId);
        Assert.Equal("https://app.example.com/?d=", plan.Url);
    }

    [Theory]
    [InlineData("https://App.Example.COM:443/x", "https://app.example.com")]
    [InlineData("http://app.example.com:80/x", "http://app.example.com")]
    [InlineData("http://127.0.0.1:5080/x", "http://127.0.0.1:5080")]
    [InlineData("http://[::1]:8080/x", "http://[::1]:8080")]
    [InlineData("https://user:pw@bücher.example/x", "https://xn--bcher-kva.example")]
    public void Plan_AppOrigin_IsSchemeHostAndNonDefaultPort(string url, string origin) =>
        Assert.Equal(origin, Plan(TestActions.Button(url), List("work_item")).AppOrigin);

    [Fact]
    public void Plan_ChipWithPrompt_HasThePromptAndNoUrl()
    {
        var plan = Plan(TestActions.PromptChip("Summarise"), List("work_item", Entity("1")));

        Assert.True(plan.CanLaunch);
        Assert.Equal(LaunchMode.AviatorChat, plan.Mode);
        Assert.Equal("aviator_chat", plan.ModeName);
        Assert.Equal("Summarise", plan.Prompt);
        Assert.Null(plan.Url);
        Assert.False(plan.EventsAllowed);
    }

    [Fact]
    public void Plan_ChipWithNonMatchingSelection_IsDisabledForSelection() =>
        AssertDisabled(Plan(TestActions.PromptChip(), List("work_item", Entity("1", "story"))), LaunchReasons.Selection);

    [Fact]
    public void Plan_ChipWithPromptFile_ExpandsTheBundleUrl()
    {
        var plan = Plan(TestActions.UrlChip(), List("work_item"));
        Assert.Equal("https://alm.example.com/api/shared_spaces/1001/external-entity-actions/bundle/chips/prompt.txt", plan.Url);
        Assert.Null(plan.Prompt);
    }

    [Fact]
    public void Plan_EntityTypeToken_IsTheAggregate()
    {
        var action = TestActions.Button("https://app.example.com/?t={entity_type}", "work_item", "release");
        Assert.EndsWith("t=work_item", Plan(action, List("work_item", Entity("1", "story"))).Url, StringComparison.Ordinal);
        Assert.EndsWith("t=work_item", Plan(action, List("defect")).Url, StringComparison.Ordinal);
        Assert.EndsWith("t=release", Plan(action, List("release") with { Module = "releases" }).Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EveryContextValue_ReachesItsToken()
    {
        var action = TestActions.Button(
            "https://app.example.com/{shared_space}/{workspace}?u={user_login}&e={user_email}&q={query}&r={context_release}&s={context_sprint}" +
            "&m={context_milestone}&p={context_program}&pl={context_pipeline}&pr={context_pipeline_run}&x={xsrf_token}&o={octane_url}");
        var context = List("work_item") with
        {
            Query = "\"phase EQ {id EQ 'phase.defect.new'}\"",
            ContextRelease = "3001",
            ContextSprint = "3002",
            ContextMilestone = "3003",
            ContextProgram = "3004",
            ContextPipeline = "3005",
            ContextPipelineRun = "3006",
            XsrfToken = "abc_-",
            OctaneUrl = "https://alm.example.com/prefix/",
        };

        Assert.Equal(
            "https://app.example.com/1001/1002?u=jane%40example.com&e=jane%40example.com&q=%22phase%20EQ%20%7Bid%20EQ%20'phase.defect.new'%7D%22" +
            "&r=3001&s=3002&m=3003&p=3004&pl=3005&pr=3006&x=abc_-&o=https://alm.example.com/prefix",
            Plan(action, context).Url);
    }

    [Fact]
    public void Plan_UnknownField_IsReportedForTheLog()
    {
        var plan = Plan(TestActions.Button("https://app.example.com/?x={entity.nope}"), List("work_item", Entity("1")));
        Assert.Equal("https://app.example.com/?x=", plan.Url);
        Assert.Equal(["entity.nope"], plan.UnresolvedFields);
    }
}
