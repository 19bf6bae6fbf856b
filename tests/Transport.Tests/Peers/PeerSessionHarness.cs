using LnRelay.Crypto;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Peers;

/// <summary>A session under test on one end of an in-memory pair, and a hand-driven raw peer on the other.</summary>
internal sealed class PeerSessionHarness : IAsyncDisposable
{
    public const string Network = "lnrelay-test";

    public static readonly PublicKey LocalId = PrivateKey.Create(Enumerable.Repeat((byte)0x01, 32).ToArray()).PublicKey;
    public static readonly PublicKey RemoteId = PrivateKey.Create(Enumerable.Repeat((byte)0x02, 32).ToArray()).PublicKey;

    private PeerSessionHarness(InMemoryMessageConnection local, InMemoryMessageConnection raw)
    {
        Local = local;
        Raw = raw;
    }

    public InMemoryMessageConnection Local { get; }

    public InMemoryMessageConnection Raw { get; }

    public static PeerSessionHarness Create()
    {
        var (local, raw) = InMemoryMessageConnection.CreatePair(LocalId, RemoteId);
        return new PeerSessionHarness(local, raw);
    }

    public static PeerSessionOptions Options(TimeProvider? time = null) => new()
    {
        NetworkName = Network,
        PingInterval = Timeout.InfiniteTimeSpan,
        TimeProvider = time ?? TimeProvider.System,
    };

    public static InitMessage RawInit(FeatureBits? features = null, string network = Network) =>
        new(features ?? FeatureBits.FromBits(8, 14), [NetworkChainHash.For(network)]);

    /// <summary>Starts the session while the raw peer plays a well-behaved init exchange.</summary>
    public async Task<PeerSession> StartAsync(PeerSessionOptions? options = null)
    {
        var start = PeerSession.StartAsync(Local, options ?? Options(), null, CancellationToken.None);
        Assert.IsType<InitMessage>((await ReceiveAsync()).Message);
        await SendAsync(RawInit());
        var result = await Eventually.WithinAsync(start, "session start");
        Assert.True(result.IsStarted, result.Refusal?.ToString());
        return result.Session;
    }

    public ValueTask SendAsync(LightningMessage message) => Raw.SendAsync(message.Encode(), CancellationToken.None);

    public ValueTask SendRawAsync(string hex) => Raw.SendAsync(Convert.FromHexString(hex), CancellationToken.None);

    /// <summary>The next message the session sent to the raw peer (fails the test if none comes in time).</summary>
    public async Task<MessageDecodeResult> ReceiveAsync()
    {
        var bytes = await Eventually.WithinAsync(Raw.ReceiveAsync(CancellationToken.None).AsTask(), "a message from the session");
        Assert.True(bytes.HasValue, "the session closed the connection");
        return MessageDecoder.Decode(bytes.Value.Span);
    }

    /// <summary>True once the session has closed the pipe (after draining anything it sent).</summary>
    public async Task<bool> ReceiveEndAsync()
    {
        var bytes = await Eventually.WithinAsync(Raw.ReceiveAsync(CancellationToken.None).AsTask(), "the end of the stream");
        return !bytes.HasValue;
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        await Raw.DisposeAsync();
    }
}
