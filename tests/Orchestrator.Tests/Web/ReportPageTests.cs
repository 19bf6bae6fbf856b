using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>report.html without a browser: self-contained, deterministic, safe to inline.</summary>
public sealed class ReportPageTests
{
    [Fact]
    public void The_report_of_a_fixed_run_is_the_same_bytes_each_time_and_loads_nothing_from_outside()
    {
        var html = ReportPage.Render(RecordedRun.Load());

        Assert.Equal(html, ReportPage.Render(RecordedRun.Load()));
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Contains("id=\"lnrelay-data\"", html, StringComparison.Ordinal);
        Assert.Contains("data-node=\"alice\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Inlined_data_cannot_close_its_script_element()
    {
        var json = WebJson.ForScriptElement(new { step = "</script><script>alert(1)</script>" });

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.Contains("\\u003c/script>", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_writes_report_html_beside_results_json()
    {
        var dir = RecordedRun.CopyToTemp();
        try
        {
            var output = new StringWriter();
            Assert.Equal(ExitCodes.Success, ReportCommand.Run(dir, asJson: false, output, TextWriter.Null));
            Assert.True(File.Exists(Path.Combine(dir, ReportPage.FileName)));
            Assert.Contains("report.html", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_of_a_folder_that_is_no_network_says_how_to_make_one()
    {
        var dir = Directory.CreateTempSubdirectory("lnrelay-web-").FullName;
        try
        {
            var error = new StringWriter();
            Assert.Equal(ExitCodes.Refused, ReportCommand.Run(dir, asJson: false, TextWriter.Null, error));
            Assert.Contains("lnrelay init --out", error.ToString(), StringComparison.Ordinal);
            Assert.Throws<UsageException>(() => ReportCommand.Run(Path.Combine(dir, "missing"), asJson: false, TextWriter.Null, TextWriter.Null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
