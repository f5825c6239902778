using System.Text.Json;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Tests.TestSupport;

namespace Trellis.Actions.Tests.Launch;

public sealed class SelectedEntityTests
{
    [Theory]
    [InlineData("""{"id":"2001","type":"work_item","subtype":"defect"}""", "2001", "defect")]
    [InlineData("""{"id":2001,"type":"release"}""", "2001", "release")]
    [InlineData("""{"id":"2001","type":"work_item","subtype":""}""", "2001", "work_item")]
    [InlineData("""{"id":"2001","name":"x"}""", "2001", null)]
    [InlineData("""[1,2]""", "", null)]
    public void FromJson_OctaneEntity_ReadsIdAndConcreteType(string json, string id, string? type)
    {
        using var document = JsonDocument.Parse(json);
        var entity = SelectedEntity.FromJson(document.RootElement);
        Assert.Equal(id, entity.Id);
        Assert.Equal(type, entity.Type);
    }

    [Fact]
    public void Plan_PreviewContextFile_GivesTheDocumentedUrl()
    {
        // The context file of the command-line preview, mapped field by field.
        using var document = JsonDocument.Parse("""
            {"id": "2001", "name": "Login fails", "release": {"id": "3001", "name": "R 1.0"}}
            """);
        var context = new LaunchContext
        {
            OctaneUrl = "https://alm.example.com",
            SharedSpace = 1001,
            Workspace = 1002,
            UserLogin = "jane@example.com",
            UserEmail = "jane@example.com",
            View = ActionViews.List,
            Module = "backlog",
            EntityType = "defect",
            Entities = [SelectedEntity.FromJson(document.RootElement)],
            Query = "\"phase EQ {id EQ 'phase.defect.new'}\"",
            DialogId = "d-1",
        };
        var action = TestActions.Dialog(DialogSize.Small, "https://app.example.com/d/{entity_id}?name={entity.name}&rel={entity.release.name}&q={query}&d={dialog_id}") with
        {
            SingleEntity = true,
        };

        var plan = LaunchPlanner.Plan(action, context, ActionPolicy.Default, EntityTypeTree.Default);

        Assert.True(plan.CanLaunch);
        Assert.Equal("dialog", plan.ModeName);
        Assert.Equal(DialogSize.Small, plan.DialogSize);
        Assert.Equal("https://app.example.com/d/2001?name=Login%20fails&rel=R%201.0&q=%22phase%20EQ%20%7Bid%20EQ%20'phase.defect.new'%7D%22&d=d-1", plan.Url);
    }

    [Fact]
    public void ToString_Context_LeavesTheXsrfTokenOut()
    {
        var context = TestContexts.List() with { XsrfToken = "secret-xsrf" };
        Assert.DoesNotContain("secret-xsrf", context.ToString(), StringComparison.Ordinal);
        Assert.Contains("Workspace = 1002", context.ToString(), StringComparison.Ordinal);
    }
}
