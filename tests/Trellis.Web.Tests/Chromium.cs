using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(Trellis.Web.Tests.Chromium))]
[assembly: Trellis.Web.Tests.ClosePagesAfterEachTest]

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

    // The contexts each running test opened, by the test's unique id, closed when it ends.
    private static readonly ConcurrentDictionary<string, ConcurrentBag<IBrowserContext>> s_contexts = new(StringComparer.Ordinal);

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
        if (TestContext.Current.Test?.UniqueID is { } test)
        {
            s_contexts.GetOrAdd(test, _ => []).Add(context);
        }

        var page = await context.NewPageAsync();
        // The browser's console and failed requests go to the test's output: the first place to look when a UI test fails.
        page.Console += (_, message) => TestContext.Current.TestOutputHelper?.WriteLine($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => TestContext.Current.TestOutputHelper?.WriteLine($"page error: {error}");
        return page;
    }

    /// <summary>Closes the contexts <paramref name="testId"/> opened: a finished test's pages (circuits, frames, timers) must not keep running beside the tests after it.</summary>
    internal static async Task CloseContextsOfAsync(string testId)
    {
        if (s_contexts.TryRemove(testId, out var contexts))
        {
            foreach (var context in contexts)
            {
                await context.CloseAsync();
            }
        }
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

/// <summary>Closes the browser contexts a test opened once it has ended, whatever its outcome.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosePagesAfterEachTestAttribute : BeforeAfterTestAttribute
{
    // The hook is synchronous; closing takes a few browser round trips and must finish before the next test starts.
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => Chromium.CloseContextsOfAsync(test.UniqueID).GetAwaiter().GetResult();
}
