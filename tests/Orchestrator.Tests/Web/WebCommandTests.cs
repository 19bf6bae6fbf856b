using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>'lnrelay web', 'report', and the --web options: bad input gets exit 2 and the fix.</summary>
public sealed class WebCommandTests
{
    [Theory]
    [InlineData("web --dir /nonexistent-lnrelay-folder", "does not exist")]
    [InlineData("web --dir . --host example.org", "is not an IP address")]
    [InlineData("report --dir /nonexistent-lnrelay-folder", "does not exist")]
    public async Task Bad_input_is_a_usage_error_that_says_what_to_do(string args, string expected)
    {
        var error = new StringWriter();

        var exit = await LnRelayCli.RunAsync(args.Split(' '), error);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_out_of_range_is_refused_before_anything_listens()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => WebServer.StartAndAnnounceAsync(".", 70_000, TextWriter.Null));

        Assert.Contains("0 to 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Up_and_demo_take_web_and_web_port()
    {
        foreach (var verb in new[] { "up", "demo" })
        {
            var parse = LnRelayCli.Build().Parse([verb, "--web", "--web-port", "0"]);
            Assert.Empty(parse.Errors);
        }
    }
}
