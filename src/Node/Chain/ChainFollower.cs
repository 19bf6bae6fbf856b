using LnRelay.Node.Switch;
using Microsoft.Extensions.Hosting;

namespace LnRelay.Node.Chain;

/// <summary>
/// Moves the switch's height along the network's <see cref="ChainClock"/>: at each block
/// time it sets the height the schedule gives, which times out HTLCs near their expiry
/// and lets the replay log forget onions whose expiry has passed (without blocks, a node
/// that relays for a long time keeps every onion until its log is full). A height moved
/// ahead through the control API stays: the clock only ever raises it.
/// </summary>
internal sealed class ChainFollower(ChainClock clock, HtlcSwitch htlcSwitch, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var height = clock.HeightAt(now);
            if (height > htlcSwitch.BlockHeight)
            {
                htlcSwitch.TrySetBlockHeight(height);
            }

            if (height >= ChainClock.MaxHeight)
            {
                return;
            }

            try
            {
                await Task.Delay(clock.NextBlockAfter(now) - now, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
