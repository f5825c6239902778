using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Aviator;
using Trellis.Application.ExternalActions;

namespace Trellis.Server.IntegrationTests.Aviator;

/// <summary>
/// The Aviator chips end to end: the demo chips from the live catalog, the prompt file read from the demo bundle, the
/// context read from the workspace, and the answer streamed over HTTP from a real OpenAI-compatible endpoint.
/// </summary>
public sealed class AviatorChipsTests(AviatorApplication app) : IClassFixture<AviatorApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ViewPlace> DefectDetailsAsync()
    {
        var defect = await app.WithDbAsync(db => db.Entities.AsNoTracking()
            .Where(e => e.WorkspaceId == 1002 && e.Subtype == "defect").OrderBy(e => e.Id).Select(e => new { e.Id, e.Name }).FirstAsync(Cancel));
        var id = defect.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ViewPlace(1001, 1002, "details", null, "defect", [new SelectedItem(id, "defect", defect.Name ?? "")]);
    }

    [Fact]
    public async Task ADefectsDetailsShowTheDemoChipsThenTheBuiltInOnes()
    {
        var chips = app.Services.GetRequiredService<AviatorChips>();
        var place = await DefectDetailsAsync();

        var shown = await chips.ForPlaceAsync(place, "http://localhost/", Cancel);

        Assert.Equal(["Summarize", "What's new", "Explain", "Suggest next steps"], shown.Select(c => c.Title));
        Assert.All(shown, c => Assert.True(c.Enabled, c.Name));
        var whatsNew = shown.Single(c => c.Name == "whats_new");
        Assert.Null(whatsNew.Prompt);
        Assert.Equal("whats-new-section.txt", whatsNew.PromptPath);
        Assert.Equal("Ask Aviator to draft release notes from the selected items", whatsNew.Tooltip);
    }

    [Fact]
    public async Task AnEmptyGridSelectionDisablesTheBuiltInChipsWithAReason()
    {
        var chips = app.Services.GetRequiredService<AviatorChips>();
        var place = new ViewPlace(1001, 1002, "list", "backlog", "work_item", []);

        var shown = await chips.ForPlaceAsync(place, "http://localhost/", Cancel);

        var explain = shown.Single(c => c.Title == "Explain");
        Assert.False(explain.Enabled);
        Assert.Equal("Select at least one item.", explain.Reason);
        // The demo chips accept 0-N entities (Octane JSON), so they stay enabled.
        Assert.True(shown.Single(c => c.Title == "Summarize").Enabled);
    }

    [Fact]
    public async Task ASingleEntityChipIsDisabledForTwoSelectedItems()
    {
        using var admin = await app.SignedInAsync();
        var before = await ActionConfigurationTests.CurrentVersionAsync(admin);
        try
        {
            await ActionConfigurationTests.ReplaceAsync(admin, """
                [{"name":"one_only","title":"One only","entity_type":["work_item"],"views":["list"],"single_entity":true,
                  "mode":{"name":"aviator_chat","prompt":"Look at this one."}}]
                """);
            var chips = app.Services.GetRequiredService<AviatorChips>();
            var place = new ViewPlace(1001, 1002, "list", "backlog", "work_item", [new SelectedItem("1", "defect", "a"), new SelectedItem("2", "story", "b")]);

            var chip = (await chips.ForPlaceAsync(place, "http://localhost/", Cancel)).Single(c => c.Name == "one_only");

            Assert.False(chip.Enabled);
            Assert.Equal("This action works on exactly one item; 2 are selected.", chip.Reason);
        }
        finally
        {
            using var restore = await admin.PostAsync($"{ActionConfigurationTests.Config}/history/{before}/restore", null, Cancel);
            Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        }
    }

    [Fact]
    public async Task TheBuiltInChipsHideWhenTheSiteParameterIsFalse()
    {
        using var admin = await app.SignedInAsync();
        var chips = app.Services.GetRequiredService<AviatorChips>();
        var place = await DefectDetailsAsync();
        using (var off = await admin.PutAsJsonAsync("/admin/params/AVIATOR_DISPLAY_OOTB_CHIPS", new { value = "false" }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        try
        {
            var shown = await chips.ForPlaceAsync(place, "http://localhost/", Cancel);
            Assert.DoesNotContain(shown, c => c.BuiltIn);
            Assert.Contains(shown, c => c.Title == "Summarize");
        }
        finally
        {
            using var on = await admin.PutAsJsonAsync("/admin/params/AVIATOR_DISPLAY_OOTB_CHIPS", new { value = "true" }, Cancel);
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }
    }

    [Fact]
    public async Task APromptFileChipSendsTheBundleTextAndTheEntityContextAndStreamsTheAnswer()
    {
        var chips = app.Services.GetRequiredService<AviatorChips>();
        var place = await DefectDetailsAsync();
        var chip = (await chips.ForPlaceAsync(place, "http://localhost/", Cancel)).Single(c => c.Name == "whats_new");

        var composed = await chips.ComposeAsync(chip, place, Cancel);
        var pieces = new List<string>();
        await foreach (var piece in chips.StreamAsync(composed.Request!, Cancel))
        {
            pieces.Add(piece);
        }

        Assert.True(chips.HasModel);
        Assert.Equal(["Three ", "pieces, ", "streamed."], pieces);
        var user = composed.Request!.User;
        Assert.StartsWith("Write a short \"What's new\" section for the release notes from the selected items.", user, StringComparison.Ordinal);
        Assert.Contains($"\n\nEntity 1\ntype: work_item\nsubtype: defect\nid: {place.Selection[0].Id}\nname: {place.Selection[0].Name}\n", user, StringComparison.Ordinal);
        Assert.Contains("\nphase: ", user, StringComparison.Ordinal);

        var sent = Assert.Single(app.Model.Requests, r => r["messages"]![1]!["content"]!.ToString() == user);
        Assert.Equal("trellis-test-model", sent["model"]!.GetValue<string>());
        Assert.True(sent["stream"]!.GetValue<bool>());
        Assert.Equal("system", sent["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(AviatorPromptComposer.SystemPrompt, sent["messages"]![0]!["content"]!.ToString());
        Assert.Equal("user", sent["messages"]![1]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInlinePromptChipSendsItsPromptWithTheContextOfEverySelectedItem()
    {
        var chips = app.Services.GetRequiredService<AviatorChips>();
        var ids = await app.WithDbAsync(db => db.Entities.AsNoTracking()
            .Where(e => e.WorkspaceId == 1002 && (e.Subtype == "defect" || e.Subtype == "story")).OrderBy(e => e.Id).Take(3)
            .Select(e => new { e.Id, e.Subtype, e.Name }).ToListAsync(Cancel));
        var place = new ViewPlace(1001, 1002, "list", "backlog", "work_item",
            [.. ids.Select(e => new SelectedItem(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Subtype!, e.Name ?? ""))]);
        var chip = (await chips.ForPlaceAsync(place, "http://localhost/", Cancel)).Single(c => c.Name == "summarize_selection");

        var composed = await chips.ComposeAsync(chip, place, Cancel);

        var user = composed.Request!.User;
        Assert.StartsWith("Summarize the selected items: their status, owners and the risks they carry.\n\nContext: 3 selected entities.", user, StringComparison.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Contains($"Entity {i + 1}\ntype: work_item\nsubtype: {ids[i].Subtype}\nid: {ids[i].Id}\nname: {ids[i].Name}\n", user, StringComparison.Ordinal);
        }
    }
}

/// <summary>Without a configured model the chips compose the request but never stream an answer.</summary>
public sealed class AviatorWithoutModelTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task WithoutAModelTheRequestIsComposedAndNothingIsStreamed()
    {
        var chips = app.Services.GetRequiredService<AviatorChips>();
        var place = new ViewPlace(1001, 1002, "list", "backlog", "work_item", []);
        var chip = (await chips.ForPlaceAsync(place, "http://localhost/", TestContext.Current.CancellationToken)).Single(c => c.Name == "summarize_selection");

        var composed = await chips.ComposeAsync(chip, place, TestContext.Current.CancellationToken);

        Assert.False(chips.HasModel);
        Assert.Equal("Summarize the selected items: their status, owners and the risks they carry.\n\nContext: no entity is selected.", composed.Request!.User);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var piece in chips.StreamAsync(composed.Request, TestContext.Current.CancellationToken))
            {
                Assert.Fail("No model, no answer: " + piece);
            }
        });
    }
}
