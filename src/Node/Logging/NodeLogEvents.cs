using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// Every event name the node logs (docs/logging.md describes each one and its properties).
/// The name travels as the event id's name, so tools filter on it, not on message text.
/// </summary>
public static class NodeLogEvents
{
    public static readonly EventId HopView = new(100, nameof(HopView));
    public static readonly EventId RouteChosen = new(101, nameof(RouteChosen));
    public static readonly EventId HtlcForwarded = new(110, nameof(HtlcForwarded));
    public static readonly EventId HtlcSettled = new(111, nameof(HtlcSettled));
    public static readonly EventId HtlcFailed = new(112, nameof(HtlcFailed));
    public static readonly EventId HtlcRefused = new(113, nameof(HtlcRefused));
    public static readonly EventId HtlcTimedOut = new(114, nameof(HtlcTimedOut));
    public static readonly EventId BlindedHtlcRefused = new(115, nameof(BlindedHtlcRefused));
    public static readonly EventId PeerProtocolViolation = new(120, nameof(PeerProtocolViolation));
    public static readonly EventId PaymentSucceeded = new(130, nameof(PaymentSucceeded));
    public static readonly EventId PaymentAttemptFailed = new(131, nameof(PaymentAttemptFailed));
    public static readonly EventId PaymentFailed = new(132, nameof(PaymentFailed));
    public static readonly EventId PeerConnected = new(140, nameof(PeerConnected));
    public static readonly EventId PeerDisconnected = new(141, nameof(PeerDisconnected));
    public static readonly EventId PeerDialFailed = new(142, nameof(PeerDialFailed));
    public static readonly EventId LinkResumed = new(143, nameof(LinkResumed));
    public static readonly EventId LinkSyncRefused = new(144, nameof(LinkSyncRefused));
    public static readonly EventId PolicyChanged = new(150, nameof(PolicyChanged));
    public static readonly EventId BlockHeightChanged = new(151, nameof(BlockHeightChanged));
    public static readonly EventId ChannelVerified = new(170, nameof(ChannelVerified));
    public static readonly EventId ChannelFundingInvalid = new(171, nameof(ChannelFundingInvalid));
    public static readonly EventId ChannelClosedOnChain = new(172, nameof(ChannelClosedOnChain));
    public static readonly EventId ChannelForgotten = new(173, nameof(ChannelForgotten));
    public static readonly EventId ChainBlockInvalid = new(174, nameof(ChainBlockInvalid));
    public static readonly EventId ChainUnreachable = new(175, nameof(ChainUnreachable));
    public static readonly EventId ChainReachable = new(176, nameof(ChainReachable));
    public static readonly EventId ChainRpcRetry = new(177, nameof(ChainRpcRetry));
    public static readonly EventId NodeStarted = new(160, nameof(NodeStarted));
    public static readonly EventId FaultsChanged = new(161, nameof(FaultsChanged));
    public static readonly EventId StoreFailed = new(170, nameof(StoreFailed));
    public static readonly EventId StoreResumed = new(171, nameof(StoreResumed));
    public static readonly EventId MppPartHeld = new(190, nameof(MppPartHeld));
    public static readonly EventId MppSetCompleted = new(191, nameof(MppSetCompleted));
    public static readonly EventId MppSetFailed = new(192, nameof(MppSetFailed));
}
