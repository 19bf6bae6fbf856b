using LnRelay.Node.Channels;

namespace LnRelay.Node.Store;

/// <summary>Stages each change of a channel (its row, and the HTLC added or removed) as the switch makes it.</summary>
internal sealed class ChannelJournal(IDecisionJournal journal) : IChannelStateObserver
{
    // The row and the HTLC side by side: a transaction never holds the balance without the HTLC it went to.
    public void HtlcAdded(ChannelState channel, HtlcDirection direction, Htlc htlc) =>
        journal.Stage(ChannelSaved.Of(channel), new HtlcAdded(channel.ShortChannelId.Value, direction, htlc));

    public void HtlcRemoved(ChannelState channel, HtlcDirection direction, Htlc htlc) =>
        journal.Stage(ChannelSaved.Of(channel), new HtlcRemoved(channel.ShortChannelId.Value, direction, htlc.Id));

    public void PolicyChanged(ChannelState channel) => journal.Stage(ChannelSaved.Of(channel));
}
