using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Trellis.Application.Auth;
using Trellis.Application.Aviator;
using Trellis.Application.Entities;
using Trellis.Application.ExternalActions;
using Trellis.Application.ExternalActions.Messages;
using Trellis.Web.Aviator;

namespace Trellis.Server.IntegrationTests.Aviator;

/// <summary>The Aviator region rendered with the running server's chips service (bUnit, no browser).</summary>
internal static class AviatorRegionRendering
{
    public static BunitContext ContextFor(TrellisApplication app)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLogging();
        context.Services.AddSingleton(app.Services.GetRequiredService<AviatorChips>());
        // A configured chip's launch is kept in the server's message log, as on a page.
        context.Services.AddSingleton(app.Services.GetRequiredService<LaunchMessageLog>());
        context.Services.AddSingleton(app.Services.GetRequiredService<TimeProvider>());
        return context;
    }

    public static async Task<ViewPlace> DefectDetailsAsync(TrellisApplication app)
    {
        var defect = await app.WithDbAsync(db => db.Entities.AsNoTracking()
            .Where(e => e.WorkspaceId == 1002 && e.Subtype == "defect").OrderBy(e => e.Id).Select(e => new { e.Id, e.Name }).FirstAsync());
        return new ViewPlace(1001, 1002, "details", null, "defect",
            [new SelectedItem(defect.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "defect", defect.Name ?? "")]);
    }

    /// <summary>The region as a page shows it to a site admin (or, with <paramref name="siteAdmin"/> false, to a member).</summary>
    public static IRenderedComponent<AviatorRegion> Render(BunitContext context, ViewPlace place, bool siteAdmin = true)
    {
        var user = new CurrentUser(1, "admin", "session", siteAdmin ? [Roles.SiteAdmin] : [CurrentUser.Grant(Roles.Member, place.Workspace)]);
        var scope = new WorkspaceScope(place.SharedSpace, place.Workspace, user, siteAdmin ? Roles.WorkspaceAdmin : Roles.Member);
        return context.Render<AviatorRegion>(parameters => parameters.Add(r => r.Place, place).AddCascadingValue(scope));
    }
}

/// <summary>With a model: a click streams the answer from the OpenAI-compatible endpoint into the region.</summary>
public sealed class AviatorRegionStreamingTests(AviatorApplication app) : IClassFixture<AviatorApplication>
{
    [Fact]
    public async Task ClickingAChipStreamsTheModelsAnswerIntoTheRegion()
    {
        using var context = AviatorRegionRendering.ContextFor(app);
        var region = AviatorRegionRendering.Render(context, await AviatorRegionRendering.DefectDetailsAsync(app));
        var section = region.Find("section[role=region]");
        Assert.Equal("Aviator", section.GetAttribute("aria-label"));
        Assert.Equal(["Summarize", "What's new", "Explain", "Suggest next steps"], region.FindAll("button[data-chip]").Select(b => b.TextContent.Trim()));
        Assert.Equal("Ask Aviator to draft release notes from the selected items", region.Find("button[data-chip=whats_new]").GetAttribute("title"));

        region.Find("button[data-chip=whats_new]").Click();

        region.WaitForAssertion(() => Assert.Equal("Three pieces, streamed.", region.Find(".trellis-aviator-text").TextContent));
        Assert.Empty(region.FindAll(".trellis-aviator-request"));
        Assert.Contains(app.Model.Requests, r => r["messages"]![1]!["content"]!.ToString().StartsWith("Write a short \"What's new\"", StringComparison.Ordinal));
    }
}

/// <summary>Without a model: the region shows the exact request and how to configure a model, never an answer.</summary>
public sealed class AviatorRegionWithoutModelTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task ClickingAChipShowsTheRequestItWouldSendAndHowToConfigureAModel()
    {
        using var context = AviatorRegionRendering.ContextFor(app);
        var place = await AviatorRegionRendering.DefectDetailsAsync(app);
        var region = AviatorRegionRendering.Render(context, place);

        region.Find("button[data-chip=summarize_selection]").Click();

        region.WaitForAssertion(() => Assert.Equal(2, region.FindAll(".trellis-aviator-request").Count));
        var requests = region.FindAll(".trellis-aviator-request");
        Assert.Equal(AviatorPromptComposer.SystemPrompt, requests[0].TextContent);
        Assert.StartsWith("Summarize the selected items: their status, owners and the risks they carry.\n\nContext: 1 selected entity.\n\nEntity 1\ntype: work_item\nsubtype: defect\nid: " + place.Selection[0].Id, requests[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("No assistant model is configured", region.Markup, StringComparison.Ordinal);
        Assert.Contains("Trellis:Aviator:Provider", region.Find(".trellis-aviator-howto").TextContent, StringComparison.Ordinal);
        Assert.Empty(region.FindAll(".trellis-aviator-text"));
    }

    [Fact]
    public async Task AMemberGetsAShortNotice_WithoutTheRequestOrTheSetUpHint()
    {
        using var context = AviatorRegionRendering.ContextFor(app);
        var region = AviatorRegionRendering.Render(context, await AviatorRegionRendering.DefectDetailsAsync(app), siteAdmin: false);

        region.Find("button[data-chip=summarize_selection]").Click();

        region.WaitForAssertion(() => Assert.Contains("Aviator is not set up on this server", region.Markup, StringComparison.Ordinal));
        Assert.Empty(region.FindAll(".trellis-aviator-request"));
        Assert.DoesNotContain("Trellis:Aviator:Provider", region.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNothingSelectedTheBuiltInChipsAreDisabledAndSayWhy()
    {
        using var context = AviatorRegionRendering.ContextFor(app);
        var region = AviatorRegionRendering.Render(context, new ViewPlace(1001, 1002, "list", "backlog", "work_item", []));

        region.WaitForAssertion(() => Assert.NotEmpty(region.FindAll("button[data-chip]")));
        var explain = region.Find("button[data-chip='trellis.explain']");
        Assert.True(explain.HasAttribute("disabled"));
        Assert.Contains("Select at least one item.", explain.GetAttribute("title"), StringComparison.Ordinal);
        Assert.False(region.Find("button[data-chip=summarize_selection]").HasAttribute("disabled"));
    }
}
