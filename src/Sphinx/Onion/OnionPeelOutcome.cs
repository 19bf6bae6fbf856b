namespace LnRelay.Sphinx.Onion;

/// <summary>What peeling one layer of an onion led to (BOLT 4 "Onion Decryption").</summary>
public enum OnionPeelOutcome
{
    /// <summary>
    /// The onion itself is bad (version, ephemeral key, HMAC, or a replay): no shared
    /// secret can be trusted, so the hop answers <c>update_fail_malformed_htlc</c> with the
    /// BADONION failure code and <c>sha256_of_onion</c> (BOLT 2 "Removing an HTLC").
    /// </summary>
    Malformed,

    /// <summary>
    /// The HMAC verified, so the shared secret is known, but the hop payload is not
    /// acceptable: the hop answers <c>update_fail_htlc</c> with <c>invalid_onion_payload</c>
    /// encrypted for the origin with that shared secret.
    /// </summary>
    PayloadFailure,

    /// <summary>A relay: forward <see cref="OnionPeelResult.NextPacket"/> as the payload says.</summary>
    Forward,

    /// <summary>This node is the final recipient: the next HMAC was all zero.</summary>
    Final,
}
