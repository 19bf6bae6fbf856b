using System.Net;
using BenchmarkDotNet.Attributes;
using LnRelay.Crypto;
using LnRelay.Transport.Net;
using LnRelay.Transport.Peers;

namespace LnRelay.Bench;

/// <summary>
/// Messages per second through a connected StsConnection pair over loopback TCP:
/// one task sends a batch of 1000 messages while the other receives them; the figure
/// is per message. 1500 bytes is about an update_add_htlc with its 1366-byte onion.
/// "one send per message" awaits <see cref="StsConnection.SendAsync"/> for each;
/// "queued" is what a peer's writer does with messages waiting for it: enqueue each,
/// send once <see cref="PeerSession.FlushThreshold"/> bytes are queued and at the end.
/// Run: dotnet run -c Release --project bench/Bench -- --filter '*TransportLoopbackBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TransportLoopbackBenchmarks : IAsyncDisposable
{
    private const int Batch = 1000;

    private PrivateKey _alice = null!;
    private PrivateKey _bob = null!;
    private StsListener _listener = null!;
    private StsConnection _sender = null!;
    private StsConnection _receiver = null!;
    private byte[] _message = null!;

    [Params(32, 1500)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _alice = PrivateKey.Generate();
        _bob = PrivateKey.Generate();
        var options = new StsTransportOptions { NetworkName = "lnrelay-bench" };
        _listener = new StsListener(_bob, new IPEndPoint(IPAddress.Loopback, 0), _ => true, options);
        _listener.Start();
        var dial = new StsDialer(_alice, options).ConnectAsync("127.0.0.1", _listener.Port, _bob.PublicKey).GetAwaiter().GetResult();
        _sender = dial.Connection ?? throw new InvalidOperationException($"dial failed: {dial.Failure}");
        _receiver = _listener.AcceptAsync().AsTask().GetAwaiter().GetResult();
        _message = new byte[MessageBytes];
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "send + receive, one send per message")]
    public Task SendReceive() => ReceiveBatchAsync(SendBatchAsync());

    [Benchmark(OperationsPerInvoke = Batch, Description = "send + receive, queued")]
    public Task SendQueuedReceive() => ReceiveBatchAsync(SendQueuedAsync());

    private async Task ReceiveBatchAsync(Task sending)
    {
        for (var i = 0; i < Batch; i++)
        {
            _ = await _receiver.ReceiveAsync() ?? throw new InvalidOperationException("closed");
        }

        await sending;
    }

    [GlobalCleanup]
    public void Cleanup() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _sender.DisposeAsync();
        await _receiver.DisposeAsync();
        await _listener.DisposeAsync();
        _alice.Dispose();
        _bob.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SendBatchAsync()
    {
        await Task.Yield();
        for (var i = 0; i < Batch; i++)
        {
            await _sender.SendAsync(_message);
        }
    }

    private async Task SendQueuedAsync()
    {
        await Task.Yield();
        for (var i = 0; i < Batch; i++)
        {
            if (_sender.Enqueue(_message) >= PeerSession.FlushThreshold)
            {
                await _sender.FlushAsync();
            }
        }

        await _sender.FlushAsync();
    }
}
