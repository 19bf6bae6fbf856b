using System.Diagnostics;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Sphinx;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Channels;

/// <summary>
/// One channel as seen from this node: balances in msat, HTLCs in flight in each
/// direction, their ids, and the limits. Commitment transactions are simulated: an
/// update counts as irrevocably committed when it is applied here (BOLT 2 "Normal
/// Operation" reduced to one step), so money moves atomically with each call.
/// At every moment local + remote + offered + received = capacity.
/// Not thread-safe: the HTLC switch owns it and calls it from one loop.
/// </summary>
internal sealed class ChannelState
{
    /// <summary>BOLT 2: max_accepted_htlcs must not exceed 483 (keeps commitment_signed under 65535 bytes).</summary>
    public const int MaxAcceptedHtlcsLimit = 483;

    /// <summary>BOLT 2: a cltv_expiry at or above this is a timestamp, not a block height.</summary>
    public const uint MaxCltvExpiry = 500_000_000;

    private readonly Dictionary<ulong, Htlc> _offered = [];
    private readonly Dictionary<ulong, Htlc> _received = [];

    // The amounts in _offered and _received, kept as HTLCs come and go: every add checks the
    // in-flight cap, and summing up to MaxAcceptedHtlcs entries per add showed in the line's profile.
    private ulong _offeredInFlightMsat;
    private ulong _receivedInFlightMsat;

    public ChannelState(
        ShortChannelId shortChannelId,
        string remoteName,
        PublicKey remoteNodeId,
        ulong capacityMsat,
        ulong localBalanceMsat,
        ChannelPolicy localPolicy,
        ChannelPolicy remotePolicy,
        int maxAcceptedHtlcs = MaxAcceptedHtlcsLimit,
        ulong maxInFlightMsat = ulong.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localBalanceMsat, capacityMsat);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAcceptedHtlcs, MaxAcceptedHtlcsLimit);
        ShortChannelId = shortChannelId;
        ShortChannelIdText = shortChannelId.ToString();
        ChannelId = ChannelId.FromShortChannelId(shortChannelId.Value);
        RemoteName = remoteName;
        RemoteNodeId = remoteNodeId;
        CapacityMsat = capacityMsat;
        LocalBalanceMsat = localBalanceMsat;
        RemoteBalanceMsat = capacityMsat - localBalanceMsat;
        LocalPolicy = localPolicy;
        RemotePolicy = remotePolicy;
        MaxAcceptedHtlcs = maxAcceptedHtlcs;
        MaxInFlightMsat = maxInFlightMsat;
    }

    public ShortChannelId ShortChannelId { get; }

    /// <summary>
    /// <see cref="ShortChannelId"/> as text, made once: the switch logs it with every HTLC, and a string made
    /// per line lived in the log queue across collections (docs/performance.md, "GC survivors at half rate (session 8)").
    /// </summary>
    public string ShortChannelIdText { get; }

    /// <summary>A simulated channel's channel_id (BOLT 2 "Definition of channel_id"): see <see cref="ChannelId.FromShortChannelId"/>. Built once; every message on this channel shares it.</summary>
    public ChannelId ChannelId { get; }

    public string RemoteName { get; }

    public PublicKey RemoteNodeId { get; }

    public ulong CapacityMsat { get; }

    public ulong LocalBalanceMsat { get; private set; }

    public ulong RemoteBalanceMsat { get; private set; }

    /// <summary>What this node charges and requires for HTLCs it forwards over this channel.</summary>
    public ChannelPolicy LocalPolicy
    {
        get;
        set
        {
            field = value;
            Observer?.PolicyChanged(this);
        }
    }

    /// <summary>
    /// Told of every change (an HTLC added or removed, the policy), after it is applied and
    /// on the caller's thread: the node's store keeps the channel this way (docs/store.md).
    /// </summary>
    public IChannelStateObserver? Observer { get; set; }

    /// <summary>The peer's policy for the other direction (from the network description).</summary>
    public ChannelPolicy RemotePolicy { get; set; }

    /// <summary>Why the node does not use this channel (the chain has not confirmed its funding output, or it was spent; docs/chain.md), or null when it does. Set under the switch's lock.</summary>
    public string? Refusal { get; internal set; }

    public int MaxAcceptedHtlcs { get; }

    public ulong MaxInFlightMsat { get; }

    /// <summary>HTLCs this node offered, keyed by the id this node gave them.</summary>
    public IReadOnlyDictionary<ulong, Htlc> Offered => _offered;

    /// <summary>HTLCs the peer offered, keyed by the peer's id.</summary>
    public IReadOnlyDictionary<ulong, Htlc> Received => _received;

    public ulong NextOfferedId { get; private set; }

    public ulong NextExpectedReceivedId { get; private set; }

    public ulong OfferedInFlightMsat => _offeredInFlightMsat;

    /// <summary>The offered HTLCs whose expiry is at or below <paramref name="limit"/>, or null when there are none (the common case: nothing allocated).</summary>
    public List<Htlc>? OfferedExpiringBy(ulong limit)
    {
        List<Htlc>? expiring = null;
        foreach (var htlc in _offered.Values)
        {
            if (limit >= htlc.CltvExpiry)
            {
                (expiring ??= []).Add(htlc);
            }
        }

        return expiring;
    }

    public ulong ReceivedInFlightMsat => _receivedInFlightMsat;

    /// <summary>Whether an HTLC of this amount could be offered now (balance, slots, in-flight cap).</summary>
    public HtlcAddRefusal CanOffer(ulong amountMsat, uint cltvExpiry) =>
        Check(amountMsat, cltvExpiry, LocalBalanceMsat, _offered, OfferedInFlightMsat);

    /// <summary>Offers an HTLC to the peer: takes the amount from the local balance and numbers it.</summary>
    public HtlcAddRefusal TryOffer(ulong amountMsat, byte[] paymentHash, uint cltvExpiry, out Htlc htlc)
    {
        htlc = null!;
        var refusal = CanOffer(amountMsat, cltvExpiry);
        if (refusal != HtlcAddRefusal.None)
        {
            return refusal;
        }

        htlc = new Htlc(NextOfferedId, amountMsat, paymentHash, cltvExpiry);
        NextOfferedId = checked(NextOfferedId + 1);
        LocalBalanceMsat -= amountMsat;
        _offered.Add(htlc.Id, htlc);
        _offeredInFlightMsat += amountMsat;
        AssertInvariant();
        Observer?.HtlcAdded(this, HtlcDirection.Offered, htlc);
        return HtlcAddRefusal.None;
    }

    /// <summary>Accepts the peer's update_add_htlc: its id must be the next expected one, the peer must be able to pay, limits must hold.</summary>
    public HtlcAddRefusal TryReceive(ulong id, ulong amountMsat, byte[] paymentHash, uint cltvExpiry, out Htlc htlc)
    {
        htlc = null!;
        if (id != NextExpectedReceivedId)
        {
            return HtlcAddRefusal.UnexpectedId;
        }

        var refusal = Check(amountMsat, cltvExpiry, RemoteBalanceMsat, _received, ReceivedInFlightMsat);
        if (refusal != HtlcAddRefusal.None)
        {
            return refusal;
        }

        htlc = new Htlc(id, amountMsat, paymentHash, cltvExpiry);
        NextExpectedReceivedId = checked(NextExpectedReceivedId + 1);
        RemoteBalanceMsat -= amountMsat;
        _received.Add(id, htlc);
        _receivedInFlightMsat += amountMsat;
        AssertInvariant();
        Observer?.HtlcAdded(this, HtlcDirection.Received, htlc);
        return HtlcAddRefusal.None;
    }

    /// <summary>
    /// Puts back what a store kept (at start, before the channel is used): balances, the next
    /// ids, the HTLCs in flight and this node's policy. The capacity is the network file's;
    /// the caller has checked the store agrees. Not reported to <see cref="Observer"/>.
    /// </summary>
    public void Restore(ulong localBalanceMsat, ulong remoteBalanceMsat, ulong nextOfferedId, ulong nextExpectedReceivedId, ChannelPolicy localPolicy, IEnumerable<Htlc> offered, IEnumerable<Htlc> received)
    {
        _offered.Clear();
        _received.Clear();
        foreach (var h in offered)
        {
            _offered.Add(h.Id, h);
        }

        foreach (var h in received)
        {
            _received.Add(h.Id, h);
        }

        // A store is input: its amounts may not even fit in 64 bits together.
        var offeredTotal = Total(_offered);
        var receivedTotal = Total(_received);
        _offeredInFlightMsat = offeredTotal <= ulong.MaxValue ? (ulong)offeredTotal : ulong.MaxValue;
        _receivedInFlightMsat = receivedTotal <= ulong.MaxValue ? (ulong)receivedTotal : ulong.MaxValue;

        LocalBalanceMsat = localBalanceMsat;
        RemoteBalanceMsat = remoteBalanceMsat;
        NextOfferedId = nextOfferedId;
        NextExpectedReceivedId = nextExpectedReceivedId;
        var observer = Observer;
        Observer = null;
        LocalPolicy = localPolicy;
        Observer = observer;
        if (!InvariantHolds())
        {
            throw new InvalidOperationException($"Channel {ShortChannelId}: the stored balances and HTLCs in flight do not add up to the capacity {CapacityMsat} msat.");
        }
    }

    /// <summary>The peer fulfilled an HTLC we offered: the amount becomes theirs.</summary>
    public HtlcRemoveRefusal TrySettleOffered(ulong id, ReadOnlySpan<byte> preimage, out Htlc htlc) =>
        Settle(HtlcDirection.Offered, id, preimage, toLocal: false, out htlc);

    /// <summary>The peer failed an HTLC we offered: the amount returns to us.</summary>
    public HtlcRemoveRefusal TryFailOffered(ulong id, out Htlc htlc) => Fail(HtlcDirection.Offered, id, toLocal: true, out htlc);

    /// <summary>We fulfil an HTLC the peer offered: the amount becomes ours.</summary>
    public HtlcRemoveRefusal TrySettleReceived(ulong id, ReadOnlySpan<byte> preimage, out Htlc htlc) =>
        Settle(HtlcDirection.Received, id, preimage, toLocal: true, out htlc);

    /// <summary>We fail an HTLC the peer offered: the amount returns to them.</summary>
    public HtlcRemoveRefusal TryFailReceived(ulong id, out Htlc htlc) => Fail(HtlcDirection.Received, id, toLocal: false, out htlc);

    /// <summary>
    /// local + remote + in flight both ways = capacity, with the in-flight amounts summed from the
    /// HTLCs themselves, and the kept totals equal to those sums. Checked in tests; asserted in debug
    /// builds after every change.
    /// </summary>
    public bool InvariantHolds()
    {
        var offered = Total(_offered);
        var received = Total(_received);
        return offered == _offeredInFlightMsat && received == _receivedInFlightMsat
            && (UInt128)LocalBalanceMsat + RemoteBalanceMsat + offered + received == CapacityMsat;
    }

    private HtlcAddRefusal Check(ulong amountMsat, uint cltvExpiry, ulong payerBalance, Dictionary<ulong, Htlc> direction, ulong inFlight)
    {
        if (amountMsat == 0)
        {
            return HtlcAddRefusal.ZeroAmount;
        }

        if (cltvExpiry >= MaxCltvExpiry)
        {
            return HtlcAddRefusal.ExpiryNotAHeight;
        }

        if (direction.Count >= MaxAcceptedHtlcs)
        {
            return HtlcAddRefusal.TooManyHtlcs;
        }

        if ((UInt128)inFlight + amountMsat > MaxInFlightMsat)
        {
            return HtlcAddRefusal.InFlightLimit;
        }

        return amountMsat > payerBalance ? HtlcAddRefusal.InsufficientBalance : HtlcAddRefusal.None;
    }

    private Dictionary<ulong, Htlc> Htlcs(HtlcDirection direction) => direction == HtlcDirection.Offered ? _offered : _received;

    private HtlcRemoveRefusal Settle(HtlcDirection direction, ulong id, ReadOnlySpan<byte> preimage, bool toLocal, out Htlc htlc)
    {
        if (!Htlcs(direction).TryGetValue(id, out htlc!))
        {
            return HtlcRemoveRefusal.UnknownId;
        }

        if (!Opens(htlc, preimage))
        {
            return HtlcRemoveRefusal.WrongPreimage;
        }

        return Remove(direction, htlc, toLocal);
    }

    /// <summary>Whether the secret opens the HTLC's lock: SHA256(preimage) = payment_hash, or for a point lock scalar·G = the point (docs/ptlc.md).</summary>
    private static bool Opens(Htlc htlc, ReadOnlySpan<byte> secret)
    {
        if (htlc.IsPointLocked)
        {
            return Sphinx.Ptlc.PointLock.Opens(secret, htlc.PaymentHash);
        }

        if (secret.Length != Crypto.KeySizes.Hash)
        {
            return false;
        }

        // Hashes: OpenSSL's low-level SHA-256 where it is there, no EVP context set up per call.
        Span<byte> hash = stackalloc byte[Crypto.KeySizes.Hash];
        Hashes.Sha256(secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, htlc.PaymentHash);
    }

    private HtlcRemoveRefusal Fail(HtlcDirection direction, ulong id, bool toLocal, out Htlc htlc) =>
        Htlcs(direction).TryGetValue(id, out htlc!) ? Remove(direction, htlc, toLocal) : HtlcRemoveRefusal.UnknownId;

    private HtlcRemoveRefusal Remove(HtlcDirection direction, Htlc htlc, bool toLocal)
    {
        Htlcs(direction).Remove(htlc.Id);
        if (direction == HtlcDirection.Offered)
        {
            _offeredInFlightMsat -= htlc.AmountMsat;
        }
        else
        {
            _receivedInFlightMsat -= htlc.AmountMsat;
        }

        if (toLocal)
        {
            LocalBalanceMsat += htlc.AmountMsat;
        }
        else
        {
            RemoteBalanceMsat += htlc.AmountMsat;
        }

        AssertInvariant();
        Observer?.HtlcRemoved(this, direction, htlc);
        return HtlcRemoveRefusal.None;
    }

    [Conditional("DEBUG")]
    private void AssertInvariant() => Debug.Assert(InvariantHolds(), $"Channel {ShortChannelId}: balances and HTLCs in flight no longer add up to the capacity.");

    private static UInt128 Total(Dictionary<ulong, Htlc> htlcs)
    {
        UInt128 total = 0;
        foreach (var h in htlcs.Values)
        {
            total += h.AmountMsat;
        }

        return total;
    }
}
