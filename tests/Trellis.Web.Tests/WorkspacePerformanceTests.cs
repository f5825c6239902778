using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Measures (never asserts) click → dialog visible and a 1,000-row grid becoming interactive, each beside a plain
/// static page doing the same in the same run, in the page's own clock; the figures go to the test output.
/// </summary>
[Trait("Category", "Performance")]
public sealed class WorkspacePerformanceTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const int RoundCount = 5;

    // A shared, busy machine must not turn a measurement into a failure.
    private const float Slow = 60_000;

    // Installed before any page script: times in the page's own clock (performance.now(), navigation start = 0), so the
    // automation's round trips are not billed to the page. A change counts once the frame after it has been painted.
    private const string PageClock = """
        (() => {
          const clock = window.pageClock = { lastClick: 0, pending: new Map() };
          addEventListener("click", e => { clock.lastClick = e.timeStamp; }, true);
          const painted = resolve => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
          clock.when = test => new Promise(resolve => {
            if (test()) { painted(resolve); return; }
            const observer = new MutationObserver(() => { if (test()) { observer.disconnect(); painted(resolve); } });
            observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          });
          // Milliseconds from the last click until test() held on screen.
          clock.expect = (name, test) => { clock.pending.set(name, clock.when(test)); };
          clock.waitFor = async name => (await clock.pending.get(name)) - clock.lastClick;
          clock.ready = clock.when(() => document.querySelector("table.trellis-grid[data-ready='true']") !== null);
        })();
        """;

    [Fact]
    public async Task Measure_ClickToDialogAndThousandRowGrid_BesideAStaticBaseline()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var client = await app.AdminRestClientAsync();

        var config = $$$"""
            [{"name":"t_dialog","title":"Test dialog","entity_type":["work_item"],"views":["list"],"dialog":"small","events":true,
              "url":"{{{testApp.Origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}"}]
            """;
        using (var put = await client.PutAsync("/api/shared_spaces/1001/external-entity-actions", new StringContent(config), cancel))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        for (var batch = 0; batch < 4; batch++)
        {
            var items = Enumerable.Range(0, 250).Select(i => new { name = string.Create(CultureInfo.InvariantCulture, $"Generated defect {(batch * 250) + i + 1}") }).ToArray();
            using var created = await client.PostAsJsonAsync("/api/shared_spaces/1001/workspaces/1002/defects", new { data = items }, cancel);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Baseline: the same work on a plain static page from the test app's server, measured the same way.
        var staticPage = await chromium.NewPageAsync(new Uri(testApp.Origin));
        await staticPage.AddInitScriptAsync(PageClock);
        var baseline = new Rounds();
        for (var round = 0; round < RoundCount; round++)
        {
            await MeasureRoundAsync(staticPage, "/static-grid", staticPage.GetByRole(AriaRole.Button, new() { Name = "Open" }), baseline);
            await staticPage.EvaluateAsync("() => document.querySelector('[role=dialog]').hidden = true");
        }

        var page = await app.SignedInPageAsync(chromium);
        await page.AddInitScriptAsync(PageClock);
        var trellis = new Rounds();
        for (var round = 0; round < RoundCount; round++)
        {
            await MeasureRoundAsync(page, "/1001/1002/backlog?rows=1000", page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }), trellis);
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        }

        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine("Page clock (ms; navigation start → grid ready, click → selection counted, click → dialog painted):");
        output.WriteLine($"1,000-row grid interactive: median {Median(trellis.Interactive)} ms (static page baseline {Median(baseline.Interactive)} ms); rounds {Join(trellis.Interactive)}; static rounds {Join(baseline.Interactive)}");
        output.WriteLine($"  grid ready: median {Median(trellis.Ready)} ms (static {Median(baseline.Ready)} ms); rounds {Join(trellis.Ready)}; static rounds {Join(baseline.Ready)}");
        output.WriteLine($"  click → selection counted: median {Median(trellis.Counted)} ms (static {Median(baseline.Counted)} ms); rounds {Join(trellis.Counted)}; static rounds {Join(baseline.Counted)}");
        output.WriteLine($"click → dialog visible: median {Median(trellis.Dialog)} ms (static page baseline {Median(baseline.Dialog)} ms); rounds {Join(trellis.Dialog)}; static rounds {Join(baseline.Dialog)}");
        output.WriteLine("Driver clock (ms; what the automation waited, its own round trips included):");
        output.WriteLine($"  grid: median {Median(trellis.DriverGrid)} ms (static {Median(baseline.DriverGrid)} ms); rounds {Join(trellis.DriverGrid)}; static rounds {Join(baseline.DriverGrid)}");
        output.WriteLine($"  dialog: median {Median(trellis.DriverDialog)} ms (static {Median(baseline.DriverDialog)} ms); rounds {Join(trellis.DriverDialog)}; static rounds {Join(baseline.DriverDialog)}");
    }

    // One round on either page: load the grid, pick the last row, open the dialog; each time read in the page's own clock.
    private static async Task MeasureRoundAsync(IPage page, string path, ILocator dialogButton, Rounds rounds)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(path);
        var ready = await page.EvaluateAsync<double>("() => window.pageClock.ready");
        await page.EvaluateAsync("() => window.pageClock.expect('counted', () => [...document.querySelectorAll('.trellis-selection-count')].some(e => e.textContent.trim() === '1 selected'))");
        await page.Locator("table.trellis-grid tbody input[type=checkbox]").Last.CheckAsync(new() { Timeout = Slow });
        var counted = await page.EvaluateAsync<double>("() => window.pageClock.waitFor('counted')");
        rounds.DriverGrid.Add(watch.Elapsed.TotalMilliseconds);
        rounds.Ready.Add(ready);
        rounds.Counted.Add(counted);
        rounds.Interactive.Add(ready + counted);

        watch.Restart();
        await page.EvaluateAsync("() => window.pageClock.expect('dialog', () => [...document.querySelectorAll('[role=dialog]')].some(d => !d.hidden && d.getClientRects().length > 0))");
        await dialogButton.ClickAsync(new() { Timeout = Slow });
        rounds.Dialog.Add(await page.EvaluateAsync<double>("() => window.pageClock.waitFor('dialog')"));
        rounds.DriverDialog.Add(watch.Elapsed.TotalMilliseconds);
    }

    private static string Join(List<double> values) => string.Join(", ", values.Select(Round));

    private static string Median(List<double> values) => Round(values.Order().ElementAt(values.Count / 2));

    private static string Round(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>The figures of one page's rounds, in milliseconds.</summary>
    private sealed class Rounds
    {
        public List<double> Ready { get; } = [];

        public List<double> Counted { get; } = [];

        public List<double> Interactive { get; } = [];

        public List<double> Dialog { get; } = [];

        public List<double> DriverGrid { get; } = [];

        public List<double> DriverDialog { get; } = [];
    }
}
