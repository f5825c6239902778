using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trellis.Application.ExternalActions.Messages;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>The message inspector at <c>/{shared_space}/settings/messages</c>: per launch, what apps posted and why it was refused.</summary>
[Collection(AdminPagesCollection.Name)]
public sealed class MessageInspectorTests(UiApplication app, Chromium chromium)
{
    private static readonly DateTimeOffset s_at = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private LaunchMessageLog Log => app.Services.GetRequiredService<LaunchMessageLog>();

    private Task AddAsync(LaunchMessageEntry entry) => Log.AddAsync(entry, TestContext.Current.CancellationToken);

    private static LaunchMessageEntry Entry(string action, string launch, int second, string eventName, bool accepted, string? reason = null) =>
        new(s_at.AddSeconds(second), 1001, 1002, action, launch, "http://127.0.0.1:5000", eventName, accepted, reason,
            "{\"event_name\":\"" + eventName + "\",\"shared_space\":\"1001\",\"workspace\":\"1002\",\"data\":{}}");

    [Fact]
    public async Task TheInspectorListsEachLaunchsMessagesFiltersThemAndShowsNewOnesLive()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (action, dialog, panel) = ($"inspect_{suffix}", $"dialog-{suffix}", $"panel-{suffix}");
        await AddAsync(Entry(action, dialog, 1, "octane_set_dialog_title", accepted: true));
        await AddAsync(Entry(action, dialog, 2, "octane_close_dialog", accepted: false, "wrong_instance_id"));
        await AddAsync(Entry(action, panel, 3, "octane_refresh_list", accepted: false, "events_not_allowed"));

        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/messages");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Launch messages", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Action").SelectOptionAsync(action);

        var dialogLaunch = page.GetByRole(AriaRole.Region, new() { Name = $"Launch {dialog}" });
        await Expect(dialogLaunch.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(dialogLaunch.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("octane_close_dialog");
        await Expect(dialogLaunch.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("Rejected");
        await Expect(dialogLaunch.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("wrong_instance_id");
        await Expect(dialogLaunch).ToContainTextAsync("1 accepted, 1 rejected");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = $"Launch {panel}" })).ToContainTextAsync("events_not_allowed");

        await page.GetByLabel("Status").SelectOptionAsync("rejected");
        await Expect(dialogLaunch.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(dialogLaunch).Not.ToContainTextAsync("octane_set_dialog_title");

        await page.GetByLabel("Status").SelectOptionAsync("");
        await page.GetByLabel("Launch", new() { Exact = true }).FillAsync(panel);
        await page.GetByLabel("Launch", new() { Exact = true }).PressAsync("Enter");
        await Expect(dialogLaunch).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = $"Launch {panel}" })).ToBeVisibleAsync();

        // A message arriving while the page is open shows up without a reload.
        await AddAsync(Entry(action, panel, 4, "octane_select_entity", accepted: true));
        var panelLaunch = page.GetByRole(AriaRole.Region, new() { Name = $"Launch {panel}" });
        await Expect(panelLaunch.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(panelLaunch).ToContainTextAsync("octane_select_entity");
    }

    [Fact]
    public async Task ARejectedMessage_ShowsItsReasonInWords_AndEveryMessageIsIndentedJson()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (action, dialog) = ($"explain_{suffix}", $"dialog-{suffix}");
        await AddAsync(Entry(action, dialog, 1, "octane_close_dialog", accepted: false, "wrong_instance_id") with
        {
            Explanation = "The dialog_id is not the id of this launch.",
        });

        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/messages");
        await page.GetByLabel("Action").SelectOptionAsync(action);

        var row = page.GetByRole(AriaRole.Region, new() { Name = $"Launch {dialog}" }).GetByRole(AriaRole.Row).Nth(1);
        await Expect(row).ToContainTextAsync("wrong_instance_id");
        await Expect(row).ToContainTextAsync("The dialog_id is not the id of this launch.");
        await Expect(row.GetByLabel("Message")).ToHaveTextAsync("""
            {
              "event_name": "octane_close_dialog",
              "shared_space": "1001",
              "workspace": "1002",
              "data": {}
            }
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AMemberWhoIsNotASpaceAdminSeesNoMessages()
    {
        var login = $"viewer-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(login, "Member-Password-1", "member");
        await AddAsync(Entry("secret_app", "secret-launch", 1, "octane_refresh_list", accepted: true));

        var page = await app.SignedInPageAsync(chromium, login, "Member-Password-1");
        var response = await page.GotoAsync("/1001/settings/messages");

        Assert.Equal(404, response!.Status);
        // The same not-found the REST endpoint's refusal amounts to: nothing of the page is shown.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(page.GetByText("secret-launch")).ToHaveCountAsync(0);
    }
}

/// <summary>The admin pages and the demo apps share one server and run one after the other, to keep the machine's load down.</summary>
[CollectionDefinition(Name)]
public sealed class AdminPagesCollection : ICollectionFixture<UiApplication>
{
    public const string Name = "Admin pages and demo apps";
}
