using System.Net;
using LnRelay.Crypto;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Net;

/// <summary>A node's transport on 127.0.0.1, port 0, with its own key, logger and dialer.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    public const string Network = "lnrelay-loopback";

    public TestNode(Func<PublicKey, bool>? authorize = null, TimeProvider? time = null, int maxHandshakes = 8, PrivateKey? key = null, TimeSpan? actTimeout = null)
    {
        Key = key ?? PrivateKey.Generate();
        Options = new StsTransportOptions
        {
            NetworkName = Network,
            TimeProvider = time ?? TimeProvider.System,
            MaxHandshakesInProgress = maxHandshakes,
            ActTimeout = actTimeout ?? TimeSpan.FromSeconds(5),
        };
        Listener = new StsListener(Key, new IPEndPoint(IPAddress.Loopback, 0), authorize ?? (_ => true), Options, Log);
        Dialer = new StsDialer(Key, Options, Log);
    }

    public PrivateKey Key { get; }

    public PublicKey Id => Key.PublicKey;

    public ListLogger Log { get; } = new();

    public StsTransportOptions Options { get; }

    public StsListener Listener { get; }

    public StsDialer Dialer { get; }

    public int Port => Listener.Port;

    public TestNode Start()
    {
        Listener.Start();
        return this;
    }

    public Task<StsDialResult> DialAsync(TestNode other) => Dialer.ConnectAsync("127.0.0.1", other.Port, other.Id);

    public async Task<StsConnection> AcceptAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Listener.AcceptAsync(cts.Token);
    }

    /// <summary>Dials <paramref name="other"/> and returns both ends.</summary>
    public async Task<(StsConnection Mine, StsConnection Theirs)> ConnectAsync(TestNode other)
    {
        var result = await DialAsync(other);
        Assert.True(result.Succeeded, $"dial failed: {result.Failure}");
        return (result.Connection, await other.AcceptAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        Key.Dispose();
    }
}
