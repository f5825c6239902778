using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Trellis.Web.Tests.Chromium))]

namespace Trellis.Web.Tests;

/// <summary>
/// One headless Chromium for the whole run: Debian's <c>/usr/bin/chromium</c>, never a downloaded browser, with the
/// flags that keep it off the network. Without the browser the tests skip with the reason, except under CI, where
/// they fail: CI installs it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The longest any locator, navigation or assertion waits, in milliseconds.</summary>
    public const float Wait = 30_000;

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return;
        }

        Assertions.SetDefaultExpectTimeout(Wait);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page, or a skip when Chromium is not installed here.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        if (Browser is null)
        {
            var reason = $"Chromium is not installed at {ExecutablePath} (apt-get install chromium)";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        var context = await Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1400, Height = 900 } });
        // Generous waits: a 2-core CI machine running the other suites is slow, and a wait ends as soon as its condition holds.
        context.SetDefaultTimeout(Wait);
        context.SetDefaultNavigationTimeout(Wait);
        var page = await context.NewPageAsync();
        // The browser's console and failed requests go to the test's output: the first place to look when a UI test fails.
        page.Console += (_, message) => TestContext.Current.TestOutputHelper?.WriteLine($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => TestContext.Current.TestOutputHelper?.WriteLine($"page error: {error}");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
