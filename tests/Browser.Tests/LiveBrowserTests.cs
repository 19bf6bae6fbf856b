using System.Net;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Web;
using PuppeteerSharp;

namespace LnRelay.Browser.Tests;

/// <summary>
/// The live page end to end: five real nodes in this process, 'lnrelay web' on 127.0.0.1, the
/// page open in Chromium while payments are sent. Its counters must move with the Server-Sent
/// Events, and a failed payment must open at its failing hop.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveBrowserTests(Chromium chromium)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_live_page_receives_events_while_payments_are_sent_and_its_counters_move()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lnrelay-browser-live-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Assert.NotNull(NetworkInit.Initialize(null, dir, force: false, HostStyle.Local, basePort: null, TextWriter.Null));
            var folder = NetworkFolder.Load(dir, out var problems) ?? throw new InvalidOperationException(string.Join(" ", problems));
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await using var network = await RunningNetwork.StartAsync(folder, inProcess: true, cts.Token);
            await network.WaitConnectedAsync(TimeSpan.FromSeconds(30), TextWriter.Null, cts.Token);
            await using var web = await WebServer.StartAsync(dir, IPAddress.Loopback, 0, ct: cts.Token);

            var errors = new List<string>();
            await using var page = await chromium.NewPageAsync(errors);
            await page.GoToAsync(web.Address + "#static=1");
            await page.WaitForFunctionAsync("() => document.querySelector('#live-status').textContent.includes('live') && document.querySelector('[data-counter=sent] b')", Wait());
            var before = await Counter(page, "sent");

            for (var i = 0; i < 3; i++)
            {
                var ok = await PaymentSender.PayAsync(network.Client, "alice", "dave", 100_000, InvoiceTampering.None, cts.Token);
                Assert.Equal("succeeded", PaymentTable.Status(ok.Result.Status));
            }

            var bad = await PaymentSender.PayAsync(network.Client, "alice", "dave", 100_000, InvoiceTampering.UnknownHash, cts.Token);
            Assert.Equal("failed", PaymentTable.Status(bad.Result.Status));

            await page.WaitForFunctionAsync("() => document.querySelector('[data-counter=sent] b').textContent === '4' && document.querySelector('[data-counter=failed] b').textContent === '1'", Wait());
            Assert.Equal(0, before);
            Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#ticker li').length") > 4, "the ticker shows the HopView and HTLC events as they arrive");

            await page.ClickAsync($"#payments tbody tr[data-hash=\"{bad.Result.PaymentHash}\"]");
            await page.WaitForSelectorAsync("#lane .hop.failed", new WaitForSelectorOptions { Timeout = (int)Deadline.TotalMilliseconds });
            Assert.Equal("dave", await page.EvaluateExpressionAsync<string>("document.querySelector('#lane .hop.failed').dataset.node"));
            Assert.Contains("@ 3rd hop", await page.EvaluateExpressionAsync<string>("document.querySelector('#failure-label').textContent"), StringComparison.Ordinal);
            Assert.Equal(5, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#map svg g.node.state-up').length"));
            await Screenshots.TakeAsync(page, "web-live");
            Assert.Empty(errors);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static WaitForFunctionOptions Wait() => new() { Timeout = (int)Deadline.TotalMilliseconds, PollingInterval = 100 };

    private static async Task<int> Counter(IPage page, string name) =>
        int.Parse(await page.EvaluateExpressionAsync<string>($"document.querySelector('[data-counter={name}] b').textContent"), System.Globalization.CultureInfo.InvariantCulture);
}
