using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// A development override through Chromium (docs/reference/launches.md#development-overrides): the author sees the
/// "dev override active" banner and their panel opens from their development server; a second user in another browser
/// sees no banner and gets the configured URL.
/// </summary>
public sealed class DevOverrideTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const string Backlog = "/1001/1002/backlog";
    private const string Panel = "Dev panel";

    [Fact]
    public async Task TheAuthorSeesTheBannerAndTheirServerWhileASecondUserGetsTheRealUrl()
    {
        await ConfigureAsync();
        // The same app on another origin: localhost instead of 127.0.0.1, as a development server would be.
        var devServer = testApp.Origin.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using (var rest = await app.AdminRestClientAsync())
        {
            using var set = await rest.PutAsJsonAsync("/api/shared_spaces/1001/external-action-overrides/t_dev", new { url = devServer }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        const string password = "Colleague-Password-1";
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(colleague, password, 1001, ("space_admin", 1001, null));

        var author = await BacklogAsync(UiApplication.AdminLogin, UiApplication.AdminPassword);
        var banner = author.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dev override active" });
        await Expect(banner).ToContainTextAsync($"{Panel} opens {devServer} for you only, until");
        await OpenPanelAsync(author);
        await Expect(author.Locator($"iframe[title='{Panel}']")).ToHaveAttributeAsync("src", $"{devServer}/app?ss=1001&ws=1002#ids=");
        Assert.Equal(devServer, await (await author.AppFrameAsync(Panel)).EvaluateAsync<string>("() => location.origin"));

        var other = await BacklogAsync(colleague, password);
        await Expect(other.GetByText("Dev override active")).ToHaveCountAsync(0);
        await OpenPanelAsync(other);
        await Expect(other.Locator($"iframe[title='{Panel}']")).ToHaveAttributeAsync("src", $"{testApp.Origin}/app?ss=1001&ws=1002#ids=");

        await banner.GetByRole(AriaRole.Button, new() { Name = $"Clear dev override of {Panel}" }).ClickAsync();
        await Expect(author.GetByText("Dev override active")).ToHaveCountAsync(0);
        await Expect(author.Locator($"iframe[title='{Panel}']")).ToHaveCountAsync(0);
        await OpenPanelAsync(author);
        await Expect(author.Locator($"iframe[title='{Panel}']")).ToHaveAttributeAsync("src", $"{testApp.Origin}/app?ss=1001&ws=1002#ids=");
    }

    private async Task<IPage> BacklogAsync(string login, string password)
    {
        var page = await app.SignedInPageAsync(chromium, login, password, Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        return page;
    }

    private static async Task OpenPanelAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = Panel, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = Panel })).ToBeVisibleAsync();
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() => $$$"""
        [
          {"name":"t_dev","title":"{{{Panel}}}","entity_type":["work_item"],"views":["list"],
           "mode":{"name":"side_panel","modules":["backlog"]},
           "url":"{{{testApp.Origin}}}/app?ss={shared_space}&ws={workspace}#ids={entity_ids}"}
        ]
        """);
}
