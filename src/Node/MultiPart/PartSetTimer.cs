using System.Threading.Channels;
using LnRelay.Node.Switch;
using Microsoft.Extensions.Hosting;

namespace LnRelay.Node.MultiPart;

/// <summary>
/// Wakes the switch when a held multi-part set's deadline comes (<see cref="HtlcSwitch.ExpirePartSets"/>):
/// it sleeps until the earliest deadline, or <see cref="MaxSleep"/> at most, so that a set
/// opened while it sleeps is looked at within that much of its deadline. While no set is open it
/// sleeps until one opens (<see cref="PartSetBook.Opened"/>), or <see cref="IdleSleep"/> at most:
/// a thousand nodes in one process, nearly none of them a payee with a set open, would otherwise
/// wake four thousand times a second to find nothing (docs/performance.md, "Node per-payment
/// costs at 1,000 nodes"). The clock is the node's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class PartSetTimer : BackgroundService
{
    /// <summary>The longest sleep between two looks while a set is open: the lateness an mpp_timeout may have beyond its deadline.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest sleep while no set is open (a set that opens wakes the timer at once).</summary>
    public static readonly TimeSpan IdleSleep = TimeSpan.FromSeconds(5);

    private readonly HtlcSwitch _switch;
    private readonly TimeProvider _time;

    // A set opened: one pending wake-up is enough.
    private readonly Channel<bool> _opened = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public PartSetTimer(HtlcSwitch htlcSwitch, TimeProvider time)
    {
        _switch = htlcSwitch;
        _time = time;
        htlcSwitch.PartSets.Opened = () => _opened.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // A wake-up from before this look is spent: the look sees that set.
            _opened.Reader.TryRead(out _);
            try
            {
                if (_switch.NextPartSetDeadline is { } deadline)
                {
                    var left = deadline - _time.GetUtcNow();
                    await Task.Delay(left <= TimeSpan.Zero ? TimeSpan.Zero : left < MaxSleep ? left : MaxSleep, _time, stoppingToken);
                }
                else
                {
                    _ = await WaitForSignalAsync(_opened.Reader, IdleSleep, _time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _switch.ExpirePartSets();
        }
    }

    /// <summary>
    /// Waits until <paramref name="signal"/> has something to read (true) or <paramref name="timeout"/>
    /// passes on <paramref name="time"/> (false). The timeout cancels the channel's wait: a timeout
    /// put on top of it (<c>WaitToReadAsync(...).AsTask().WaitAsync(timeout)</c>) leaves the channel's
    /// waiter and its registration queued until a signal comes, about 260 bytes at every idle
    /// timeout, which on a thousand idle nodes is some 190 MB an hour.
    /// </summary>
    internal static async Task<bool> WaitForSignalAsync(ChannelReader<bool> signal, TimeSpan timeout, TimeProvider time, CancellationToken stoppingToken)
    {
        using var idle = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, stoppingToken);
        try
        {
            return await signal.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
