namespace LnRelay.Node.Switch;

/// <summary>
/// Where a forward of ours sits in a blinded path (BOLT 4 "Route Blinding"): it decides how a
/// failure of the forward goes back upstream, and is kept with the circuit in the store so a
/// restarted node answers the same way (docs/blinded-paths.md, "Failures").
/// </summary>
internal enum BlindedRole
{
    /// <summary>An ordinary forward: failures are wrapped and passed on.</summary>
    None = 0,

    /// <summary>We were the introduction node (the path key came in our payload): <c>update_fail_htlc</c> with invalid_onion_blinding.</summary>
    Introduction = 1,

    /// <summary>The path key came in <c>update_add_htlc</c>: <c>update_fail_malformed_htlc</c> with invalid_onion_blinding.</summary>
    BlindedRelay = 2,
}
