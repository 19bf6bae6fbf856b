using LnRelay.Node.Privacy;

namespace LnRelay.Node.Switch;

/// <summary>Limits and margins of the HTLC switch.</summary>
internal sealed record SwitchOptions
{
    /// <summary>BOLT 4 "max_htlc_cltv Selection": refuse expiries more than this many blocks ahead (expiry_too_far).</summary>
    public uint MaxHtlcCltvDelta { get; init; } = 2016;

    /// <summary>
    /// Blocks before an outgoing HTLC's expiry at which a node whose downstream peer has
    /// not resolved it gives up on that peer and fails the incoming HTLC back, so the
    /// upstream HTLC is resolved well before its own expiry (BOLT 2 "Forwarding HTLCs").
    /// </summary>
    public uint ExpirySafetyMarginBlocks { get; init; } = 6;

    /// <summary>How many HTLCs a peer may have in flight towards us per channel (BOLT 2: at most 483).</summary>
    public int MaxAcceptedHtlcs { get; init; } = 483;

    /// <summary>
    /// Whether the payee accepts multi-part payments (BOLT 9 feature basic_mpp, 16/17): without
    /// it, a final payload whose total_msat differs from amt_to_forward is refused (BOLT 4).
    /// </summary>
    public bool AcceptMultiPart { get; init; } = true;

    /// <summary>The failure packet's padded size: failure_len + pad_len (BOLT 4 says at least, and should be, 256).</summary>
    public int FailurePaddedLength { get; init; } = 256;

    /// <summary>The forwarding delay and jitter a relay adds to each forwarded HTLC (docs/privacy.md); none by default.</summary>
    public PrivacyOptions Privacy { get; init; } = PrivacyOptions.None;

    /// <summary>
    /// Whether this node takes part in blinded paths (BOLT 4 "Route Blinding", feature 24/25):
    /// it peels blinded onions, relays and receives inside them. Off, it peels every onion the
    /// ordinary way, as a node without the feature would, and refuses blinded HTLCs as such.
    /// </summary>
    public bool RouteBlinding { get; init; } = true;

    /// <summary>
    /// An introduction node delays its invalid_onion_blinding by a random time below this
    /// (BOLT 4 "Route Blinding": it SHOULD add a random delay), so the payer cannot tell from
    /// the timing how deep in the path the failure was.
    /// </summary>
    public TimeSpan IntroductionFailureDelayMax { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A uniform integer in [0, n): the randomness of that delay (the CSPRNG unless a test injects its own).</summary>
    public Func<int, int> Random { get; init; } = System.Security.Cryptography.RandomNumberGenerator.GetInt32;

    /// <summary>Whether this node forwards and accepts lnrelay-experimental point-locked HTLCs (docs/ptlc.md); off, an update_add_ptlc is a protocol violation.</summary>
    public bool PointLocks { get; init; } = true;
}
