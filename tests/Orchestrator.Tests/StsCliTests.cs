using LnRelay.Crypto;

namespace LnRelay.Orchestrator.Tests;

/// <summary><c>sts listen</c> and <c>sts connect</c> as processes on loopback.</summary>
public sealed class StsCliTests : IDisposable
{
    private const string Network = "lnrelay-cli-test";

    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-sts-").FullName;

    [Fact]
    public async Task ListenAndConnect_HandshakeExchangeInitAndPings()
    {
        var (aliceKey, aliceId) = NewKey("alice.key");
        var (bobKey, bobId) = NewKey("bob.key");
        using var listen = StsCliProcess.Start(_folder, "sts", "listen", "--key-file", bobKey, "--port", "0", "--network", Network, "--allow", aliceId);
        var listening = await listen.WaitForLineAsync(l => StsCliProcess.IsEvent(l, "listening"), "listening");
        var port = listening.GetProperty("port").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exit, connect) = await StsCliProcess.RunAsync(_folder, "sts", "connect", "--key-file", aliceKey, "--host", "127.0.0.1", "--port", port, "--node-id", bobId, "--network", Network, "--ping", "2");
        using (connect)
        {
            Assert.True(exit == 0, $"exit {exit}: {string.Join('\n', connect.Lines)} {connect.Stderr}");
            Assert.Contains(connect.Lines, l => StsCliProcess.IsEvent(l, "message_received") && l.GetProperty("name").GetString() == "init");
            Assert.Equal(2, connect.Lines.Count(l => StsCliProcess.IsEvent(l, "pong_received")));
            Assert.Contains(connect.Lines, l => StsCliProcess.IsEvent(l, "done"));
        }

        var completed = await listen.WaitForLineAsync(l => StsCliProcess.IsEvent(l, "handshake_completed"), "handshake completed");
        Assert.Equal(aliceId, completed.GetProperty("remote_node_id").GetString());
        var ping = await listen.WaitForLineAsync(l => StsCliProcess.IsEvent(l, "message_received") && l.GetProperty("name").GetString() == "ping", "ping received");
        Assert.Equal(6, ping.GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Connect_FromANodeThatIsNotAllowed_IsRefusedWithAReason()
    {
        var (_, aliceId) = NewKey("alice.key");
        var (bobKey, bobId) = NewKey("bob.key");
        var (malloryKey, _) = NewKey("mallory.key");
        using var listen = StsCliProcess.Start(_folder, "sts", "listen", "--key-file", bobKey, "--port", "0", "--network", Network, "--allow", aliceId);
        var port = (await listen.WaitForLineAsync(l => StsCliProcess.IsEvent(l, "listening"), "listening")).GetProperty("port").GetInt32();

        var (exit, connect) = await StsCliProcess.RunAsync(_folder, "sts", "connect", "--key-file", malloryKey, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--node-id", bobId, "--network", Network);
        using (connect)
        {
            Assert.Equal(ExitCodes.Refused, exit);
            Assert.Contains(connect.Lines, l => StsCliProcess.IsEvent(l, "handshake_failed") || StsCliProcess.IsEvent(l, "session_ended"));
        }

        var refused = await listen.WaitForLineAsync(l => StsCliProcess.IsEvent(l, "handshake_refused"), "refusal");
        Assert.Equal("NotAuthorized", refused.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Connect_ToAWrongNodeId_ExitsOneWithTheReason()
    {
        var (aliceKey, aliceId) = NewKey("alice.key");
        var (bobKey, _) = NewKey("bob.key");
        var (_, carolId) = NewKey("carol.key");
        using var listen = StsCliProcess.Start(_folder, "sts", "listen", "--key-file", bobKey, "--port", "0", "--network", Network, "--allow", aliceId);
        var port = (await listen.WaitForLineAsync(l => StsCliProcess.IsEvent(l, "listening"), "listening")).GetProperty("port").GetInt32();

        var (exit, connect) = await StsCliProcess.RunAsync(_folder, "sts", "connect", "--key-file", aliceKey, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--node-id", carolId, "--network", Network);
        using (connect)
        {
            Assert.Equal(ExitCodes.Refused, exit);
            var failed = Assert.Single(connect.Lines, l => StsCliProcess.IsEvent(l, "handshake_failed"));
            Assert.Equal("UnexpectedNodeId", failed.GetProperty("reason").GetString());
        }
    }

    [Theory]
    [InlineData("listen", "Example: lnrelay sts listen")]
    [InlineData("connect", "Example: lnrelay sts connect")]
    public async Task Help_ExplainsWithAnExample(string verb, string example)
    {
        var (exit, cli) = await StsCliProcess.RunAsync(_folder, "sts", verb, "--help");
        using (cli)
        {
            Assert.Equal(0, exit);
            Assert.Contains(cli.Lines, l => l.ToString().Contains(example, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Connect_WithAMissingKeyFile_IsAUsageError()
    {
        var (exit, cli) = await StsCliProcess.RunAsync(_folder, "sts", "connect", "--key-file", "nope.key", "--host", "127.0.0.1", "--port", "1", "--node-id", new string('0', 66), "--network", Network);
        using (cli)
        {
            Assert.Equal(ExitCodes.Usage, exit);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Path, string NodeId) NewKey(string name)
    {
        var path = Path.Combine(_folder, name);
        using var key = PrivateKey.Generate();
        KeyFile.Write(path, key, overwrite: false);
        return (path, key.PublicKey.ToHex());
    }
}
