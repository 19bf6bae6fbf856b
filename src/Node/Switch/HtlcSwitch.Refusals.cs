using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Sphinx;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// Channels the chain has not vouched for (docs/chain.md "Nodes follow the chain"): a node
// whose network has a chain refuses each of its channels until the funding output checks
// pass, and again once the output is spent. A refused channel is never offered an HTLC:
// a forward onto it gets unknown_next_peer, as for a channel the node does not have.
public sealed partial class HtlcSwitch
{
    private readonly Dictionary<ulong, string> _refused = [];

    /// <summary>Stops using a channel; <paramref name="reason"/> is what the chain said (kept for the control API and logs).</summary>
    public void Refuse(ShortChannelId scid, string reason)
    {
        lock (_gate)
        {
            if (_channels.ContainsKey(scid.Value))
            {
                _refused[scid.Value] = reason;
            }
        }
    }

    /// <summary>Uses a channel again (its funding output verified).</summary>
    public void Accept(ShortChannelId scid)
    {
        lock (_gate)
        {
            if (_refused.Remove(scid.Value))
            {
                _log.LogInformation(NodeLogEvents.ChannelVerified, "Channel {Scid}: its funding output is on chain, unspent, pays the 2-of-2 of the funding keys and holds the capacity", scid.ToString());
            }
        }
    }

    /// <summary>Why a channel of ours is not used, or null when it is.</summary>
    public string? RefusalOf(ShortChannelId scid)
    {
        lock (_gate)
        {
            return _refused.GetValueOrDefault(scid.Value);
        }
    }

    /// <summary>Our channel with this scid, unless refused; under the lock.</summary>
    private ChannelState? UsableChannel(ulong scid) =>
        !_refused.ContainsKey(scid) && _channels.TryGetValue(scid, out var channel) ? channel : null;
}
