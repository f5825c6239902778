using Microsoft.Playwright;
using Trellis.Server.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

public sealed class SignInTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    [Fact]
    public async Task SignIn_WithThePassword_LandsOnTheFirstWorkspaceBacklog()
    {
        var page = await app.SignedInPageAsync(chromium);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/1001/1002/backlog$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_StaysAndSaysWhy()
    {
        var page = await chromium.NewPageAsync(app.Address);
        await page.GotoAsync("/login");
        await page.GetByLabel("Login").FillAsync(TrellisApplication.AdminLogin);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The login or the password is wrong.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    [Fact]
    public async Task ModulePage_SignedOut_GoesToSignInAndComesBack()
    {
        var page = await chromium.NewPageAsync(app.Address);
        await page.GotoAsync("/1001/1002/quality");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2F1001%2F1002%2Fquality$"));

        await page.GetByLabel("Login").FillAsync(TrellisApplication.AdminLogin);
        await page.GetByLabel("Password").FillAsync(TrellisApplication.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Quality", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task UserMenu_OpensFromItsButton_ClosesOnEscape_AndClosesWhenItsLinkIsFollowed()
    {
        var page = await app.SignedInPageAsync(chromium);
        var button = page.GetByRole(AriaRole.Button, new() { Name = "User menu" });
        var menu = page.Locator("#trellis-user-menu");
        var keys = menu.GetByRole(AriaRole.Link, new() { Name = "API keys", Exact = true });
        await Expect(menu).ToBeHiddenAsync();

        // The browser's popover: its button opens it, Escape closes it.
        await button.ClickAsync();
        await Expect(keys).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToBeHiddenAsync();

        // A link in it navigates inside the page (no reload), and the menu closes as a page load would close it.
        await button.ClickAsync();
        await keys.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        await Expect(menu).ToBeHiddenAsync();
    }

    [Fact]
    public async Task SignOut_FromTheUserMenu_EndsTheSession()
    {
        var page = await app.SignedInPageAsync(chromium);
        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));

        await page.GotoAsync("/1001/1002/backlog");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl="));
    }
}
