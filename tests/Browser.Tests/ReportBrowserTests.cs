using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Scenario;
using PuppeteerSharp;

namespace LnRelay.Browser.Tests;

/// <summary>
/// report.html of a real demo run, opened from file:// in headless Chromium: no console errors,
/// the map, the four-hop payment's hop cards against 'lnrelay knowledge', a failure at its hop,
/// the payments list's filter and links. Each view's screenshot is written (docs/web.md).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportBrowserTests(Chromium chromium, DemoRunFixture demo)
{
    [Fact]
    public async Task The_report_opens_from_file_with_every_payment_listed_and_no_console_error()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);

        await page.GoToAsync(demo.ReportUrl().AbsoluteUri);
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#payments tbody tr').length === {demo.Results.Count}");

        var hashes = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#payments tbody tr td.hash')].map(td => td.textContent)");
        Assert.Equal(demo.Results.Select(r => r.PaymentHash[..16]), hashes);
        Assert.Equal(demo.Results.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await Text(page, "[data-counter=sent] b"));
        Assert.Contains("knowledge leaks: 0", await Text(page, "#audit"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "web-overview");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_map_has_one_node_per_network_node_and_draws_a_selected_path_bold()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);
        var four = demo.Step("4 hops");

        await page.GoToAsync(demo.ReportUrl($"#payment={four.PaymentHash}&view=map&static=1").AbsoluteUri);
        await page.WaitForSelectorAsync("#map svg.has-selection");

        var nodes = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#map svg g.node')].map(g => g.dataset.node)");
        Assert.Equal(["alice", "bob", "carol", "dave", "eve"], nodes);
        var onPath = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#map svg g.node.on-path')].map(g => g.dataset.node)");
        Assert.Equal(four.Route!.Order(StringComparer.Ordinal), onPath.Order(StringComparer.Ordinal));
        Assert.Equal(4, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#map svg g.channel.on-path').length"));
        await Screenshots.TakeAsync(page, "web-map");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_four_hop_payment_shows_its_hops_in_order_with_the_flags_of_lnrelay_knowledge()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);
        var four = demo.Step("4 hops");
        var table = demo.Knowledge(four.PaymentHash);

        await page.GoToAsync(demo.ReportUrl($"#payment={four.PaymentHash}&view=path&static=1").AbsoluteUri);
        await page.WaitForSelectorAsync("#lane .hop");

        var order = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#lane .hop')].map(h => h.dataset.node)");
        Assert.Equal(four.Route, order);
        Assert.Equal(table.Rows.Select(r => r.Node), order);
        foreach (var row in table.Rows)
        {
            var cells = await page.EvaluateExpressionAsync<string[]>($"[...document.querySelectorAll('#lane .hop[data-node=\"{row.Node}\"] td[data-flag]')].map(td => td.dataset.flag + '=' + td.dataset.cell)");
            Assert.Equal([$"origin={row.KnewOrigin.Cell}", $"dest={row.KnewDestination.Cell}", $"length={row.KnewRouteLength.Cell}", $"position={row.KnewPosition.Cell}"], cells);
            var grid = await page.EvaluateExpressionAsync<string[]>($"[...document.querySelectorAll('#knowledge tr[data-node=\"{row.Node}\"] td[data-flag]')].map(td => td.dataset.cell)");
            Assert.Equal([row.KnewOrigin.Cell, row.KnewDestination.Cell, row.KnewRouteLength.Cell, row.KnewPosition.Cell], grid);
        }

        await Screenshots.TakeAsync(page, "web-path");

        // Stepping: back to step 0 only the origin holds the HTLC; each step forward reaches one more hop.
        await page.GoToAsync(demo.ReportUrl($"#payment={four.PaymentHash}&view=path&static=1&step=0").AbsoluteUri);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#lane .hop.reached').length === 1");
        await page.ClickAsync("#step-forward");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#lane .hop.reached').length === 2");
        Assert.Contains("step=1", page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_point_locked_payment_prints_the_point_lock_limit_and_a_hash_locked_one_the_hash_limit()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);
        var point = demo.Step(DemoScenario.PointLockStep);
        var hash = demo.Step("4 hops");

        await page.GoToAsync(demo.ReportUrl($"#payment={point.PaymentHash}&view=path&static=1").AbsoluteUri);
        await page.WaitForFunctionAsync("() => document.querySelector('#limit').textContent.length > 0");
        Assert.Equal("Limit: " + KnowledgeReport.PointLockLimit, await Text(page, "#limit"));

        await page.GoToAsync(demo.ReportUrl($"#payment={hash.PaymentHash}&view=path&static=1").AbsoluteUri);
        await page.WaitForFunctionAsync("() => document.querySelector('#limit').textContent.includes('payment_hash')");
        Assert.Equal("Limit: " + KnowledgeReport.HonestLimit, await Text(page, "#limit"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_failed_payment_marks_its_failing_hop_with_the_bolt4_name_and_code()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);
        var failed = demo.Step("unknown hash");

        await page.GoToAsync(demo.ReportUrl($"#payment={failed.PaymentHash}&view=path&static=1").AbsoluteUri);
        await page.WaitForSelectorAsync("#lane .hop.failed");

        var failing = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#lane .hop.failed')].map(h => h.dataset.node)");
        Assert.Equal([failed.Failure!.Node!], failing);
        var label = await Text(page, "#failure-label");
        Assert.Contains("INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS @ 3rd hop", label, StringComparison.Ordinal);
        Assert.Contains($"code {failed.Failure.Code}", label, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "web-failure");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_payments_list_filters_by_status_and_a_click_selects_the_payment_in_the_url()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);

        await page.GoToAsync(demo.ReportUrl("#view=payments&static=1").AbsoluteUri);
        await page.WaitForSelectorAsync("#payments tbody tr");
        await page.SelectAsync("#filter-status", "failed");

        var failed = demo.Results.Where(r => r.Status == "failed").ToList();
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#payments tbody tr').length === {failed.Count}");
        var labels = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#payments tbody td.result')].map(td => td.textContent)");
        Assert.All(labels, l => Assert.StartsWith("✗ ", l, StringComparison.Ordinal));
        await Screenshots.TakeAsync(page, "web-payments");

        await page.ClickAsync($"#payments tbody tr[data-hash=\"{failed[0].PaymentHash}\"]");
        await page.WaitForFunctionAsync($"() => location.hash.includes('payment={failed[0].PaymentHash}')");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_counters_view_shows_failures_by_code_and_forwards_per_node()
    {
        var errors = new List<string>();
        await using var page = await chromium.NewPageAsync(errors);

        await page.GoToAsync(demo.ReportUrl("#view=counters&static=1").AbsoluteUri);
        await page.WaitForSelectorAsync("#node-counters");

        Assert.Contains("incorrect_or_unknown_payment_details ×2", await Text(page, "#counter-detail"), StringComparison.Ordinal);
        Assert.Equal(5, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#node-counters tbody tr').length"));
        await Screenshots.TakeAsync(page, "web-counters");
        Assert.Empty(errors);
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent", selector);
}
