using System.Text.Json;
using Microsoft.Playwright;

namespace Trellis.Web.Tests;

/// <summary>axe-core in the page, from the local npm install (never the network), and its serious and critical findings.</summary>
public static class Axe
{
    /// <summary>Loads axe-core into every document <paramref name="page"/> opens from now on.</summary>
    public static Task AddToAsync(IPage page) =>
        page.AddInitScriptAsync(scriptPath: Path.Combine(AppContext.BaseDirectory, "axe.min.js"));

    /// <summary>Every serious or critical violation on the page as it is, each naming <paramref name="where"/>, the elements and why.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page, string where)
    {
        await page.WaitForFunctionAsync("() => window.axe !== undefined");
        // Colours are judged at rest: a button caught mid-transition (MudBlazor fades them in) has no fixed contrast.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { iframes: false, resultTypes: ["violations"] });
              return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 4).map(n => `${n.target.join(" ")} (${n.html.slice(0, 160)}; ${n.failureSummary})`).join(" | ")}`);
            }
            """);
        return [.. found.EnumerateArray().Select(v => $"{where}: {v.GetString()}")];
    }
}
