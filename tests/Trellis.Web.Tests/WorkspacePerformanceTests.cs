using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Measures (never asserts) click → dialog visible and a 1,000-row grid becoming interactive, each beside a plain
/// static page doing the same in the same run; the figures go to the test output.
/// </summary>
[Trait("Category", "Performance")]
public sealed partial class WorkspacePerformanceTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const int Rounds = 5;

    // A shared, busy machine must not turn a measurement into a failure.
    private const float Slow = 60_000;

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

        // Baseline: the same work on a plain static page from the test app's server.
        var staticPage = await chromium.NewPageAsync(new Uri(testApp.Origin));
        var staticGrid = new List<double>();
        var staticDialog = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            await staticPage.GotoAsync("/static-grid");
            await staticPage.GetByRole(AriaRole.Checkbox, new() { Name = "Select 1000", Exact = true }).CheckAsync();
            staticGrid.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            await staticPage.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
            await Expect(staticPage.GetByRole(AriaRole.Dialog, new() { Name = "Static dialog" })).ToBeVisibleAsync();
            staticDialog.Add(watch.Elapsed.TotalMilliseconds);
        }

        var page = await app.SignedInPageAsync(chromium);
        var grid = new List<double>();
        var dialog = new List<double>();
        var stages = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            // Interactive means the circuit handled a click on the last row: the selection count says so.
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("/1001/1002/backlog?rows=1000");
            var loaded = watch.Elapsed.TotalMilliseconds;
            await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
            var ready = watch.Elapsed.TotalMilliseconds;
            var rows = page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() });
            await Expect(rows).ToHaveCountAsync(1000, new() { Timeout = Slow });
            var counted = watch.Elapsed.TotalMilliseconds;
            await rows.Last.CheckAsync();
            var checkedAt = watch.Elapsed.TotalMilliseconds;
            await Expect(page.GetByText("1 selected", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = Slow });
            grid.Add(watch.Elapsed.TotalMilliseconds);

            // Where a round's time goes: page loaded, rows rendered, rows counted by role, last row checked, selection counted.
            stages.Add(string.Create(CultureInfo.InvariantCulture, $"grid round {round}: loaded {Round(loaded)}, ready {Round(ready)}, counted {Round(counted)}, checked {Round(checkedAt)}, server counted {Round(grid[^1])} ms"));

            watch.Restart();
            await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Test dialog" })).ToBeVisibleAsync(new() { Timeout = Slow });

            dialog.Add(watch.Elapsed.TotalMilliseconds);
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        }

        var output = TestContext.Current.TestOutputHelper!;
        foreach (var stage in stages)
        {
            output.WriteLine(stage);
        }

        output.WriteLine($"1,000-row grid interactive: median {Median(grid)} ms (static page baseline {Median(staticGrid)} ms); rounds {string.Join(", ", grid.Select(Round))}; static rounds {string.Join(", ", staticGrid.Select(Round))}");
        output.WriteLine($"click → dialog visible: median {Median(dialog)} ms (static page baseline {Median(staticDialog)} ms); rounds {string.Join(", ", dialog.Select(Round))}; static rounds {string.Join(", ", staticDialog.Select(Round))}");
    }

    private static string Median(List<double> values) => Round(values.Order().ElementAt(values.Count / 2));

    private static string Round(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    [GeneratedRegex("^Select \\d+$")]
    private static partial Regex SelectId();
}
