namespace LnRelay.Node.Switch;

/// <summary>One HTLC of this node: the channel (its short_channel_id) and the HTLC's id on it (BOLT 2 <c>id</c>).</summary>
internal readonly record struct HtlcKey(ulong Scid, ulong Id);
