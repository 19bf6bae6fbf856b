using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Sphinx;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// Channels the chain has not vouched for (docs/chain.md "Nodes follow the chain"): a node
// whose network has a chain refuses each of its channels until the funding output checks
// pass, and again once the output is spent. A refused channel is never offered an HTLC:
// a forward onto it gets unknown_next_peer, as for a channel the node does not have.
internal sealed partial class HtlcSwitch
{
    /// <summary>Stops using a channel; <paramref name="reason"/> is what the chain said (shown by GET /v1/channels).</summary>
    public void Refuse(ShortChannelId scid, string reason)
    {
        lock (_gate)
        {
            if (_channels.TryGetValue(scid.Value, out var channel))
            {
                channel.Refusal = reason;
            }
        }
    }

    /// <summary>Uses a channel again (its funding output verified).</summary>
    public void Accept(ShortChannelId scid)
    {
        lock (_gate)
        {
            if (_channels.TryGetValue(scid.Value, out var channel) && channel.Refusal is not null)
            {
                channel.Refusal = null;
                _log.LogInformation(NodeLogEvents.ChannelVerified, "Channel {Scid}: its funding output is on chain, unspent, pays the 2-of-2 of the funding keys and holds the capacity", scid.ToString());
            }
        }
    }

    /// <summary>Why a channel of ours is not used, or null when it is.</summary>
    public string? RefusalOf(ShortChannelId scid)
    {
        lock (_gate)
        {
            return _channels.GetValueOrDefault(scid.Value)?.Refusal;
        }
    }

    /// <summary>Our channel with this scid, unless refused; under the lock.</summary>
    private ChannelState? UsableChannel(ulong scid) =>
        _channels.TryGetValue(scid, out var channel) && channel.Refusal is null ? channel : null;
}
