using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// The switch's BlockHeightChanged event (docs/logging.md, "Events"): every node logs it at every
/// block, so in one process of a thousand nodes a block is a thousand lines (`lnrelay bench
/// network`'s miner finds one every 200 payments: five lines a payment), written without the
/// Serilog bridge (<see cref="LogTemplate"/>).
/// </summary>
internal static class ChainLog
{
    private static readonly LogTemplate HeightEvent = new(NodeLogEvents.BlockHeightChanged, "Block height is now {Height}");

    /// <summary>The node's chain moved to <paramref name="height"/>.</summary>
    public static void Height(ILogger log, uint height) => HeightEvent.Write(log, height);
}
