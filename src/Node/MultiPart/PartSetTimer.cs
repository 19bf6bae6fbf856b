using LnRelay.Node.Switch;
using Microsoft.Extensions.Hosting;

namespace LnRelay.Node.MultiPart;

/// <summary>
/// Wakes the switch when a held multi-part set's deadline comes (<see cref="HtlcSwitch.ExpirePartSets"/>):
/// it sleeps until the earliest deadline, or <see cref="MaxSleep"/> at most, so that a set
/// opened while it sleeps is looked at within that much of its deadline. The clock is the
/// node's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class PartSetTimer(HtlcSwitch htlcSwitch, TimeProvider time) : BackgroundService
{
    /// <summary>The longest sleep between two looks: the lateness an mpp_timeout may have beyond its deadline.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = MaxSleep;
            if (htlcSwitch.NextPartSetDeadline is { } deadline)
            {
                var left = deadline - time.GetUtcNow();
                wait = left <= TimeSpan.Zero ? TimeSpan.Zero : left < MaxSleep ? left : MaxSleep;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            htlcSwitch.ExpirePartSets();
        }
    }
}
