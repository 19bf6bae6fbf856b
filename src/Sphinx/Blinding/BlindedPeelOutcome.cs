namespace LnRelay.Sphinx.Blinding;

/// <summary>What peeling an incoming HTLC's onion led to, with route blinding taken into account.</summary>
public enum BlindedPeelOutcome
{
    /// <summary>
    /// No <c>path_key</c> came with the HTLC and the payload has no <c>encrypted_recipient_data</c>:
    /// an ordinary onion; <see cref="BlindedPeelResult.Onion"/> is the ordinary peel (its payload
    /// not parsed), handled the usual way, failures included.
    /// </summary>
    Clear,

    /// <summary>Inside a blinded path and refused: answer <c>invalid_onion_blinding</c>; <see cref="BlindedPeelResult.Failure"/> says why.</summary>
    Refused,

    /// <summary>A blinded relay (or the introduction node): forward the next packet as the blob says, with the next path key.</summary>
    Forward,

    /// <summary>The final hop of a blinded path (possibly the last of the recipient's dummy hops).</summary>
    Final,
}
