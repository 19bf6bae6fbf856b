namespace LnRelay.Transport.Handshake;

/// <summary>
/// The constants that fix protocol version 0 (docs/transport.md "Handshake"). Changing any byte here
/// changes bytes on the wire, which is a protocol version change (docs/transport.md
/// "Versioning"): bump <see cref="Version"/> and the label together.
/// </summary>
internal static class HandshakeProtocol
{
    /// <summary>The only version byte this implementation speaks; any other is refused.</summary>
    public const byte Version = 0;

    /// <summary>h = H(label) starts the transcript, binding every hash to this exact protocol and suite.</summary>
    public static ReadOnlySpan<byte> Label => "lnrelay-sts/0 secp256k1 schnorr chacha20poly1305 sha256"u8;

    /// <summary>
    /// Prefixes of the signed messages H(role || h). Signing the role means a
    /// responder's signature can never be replayed as an initiator's (and vice versa),
    /// even over the same transcript.
    /// </summary>
    public static ReadOnlySpan<byte> ResponderRole => "responder"u8;

    /// <summary>See <see cref="ResponderRole"/>.</summary>
    public static ReadOnlySpan<byte> InitiatorRole => "initiator"u8;

    /// <summary>AEAD counter of c2 under the act key k.</summary>
    public const ulong ActTwoNonce = 0;

    /// <summary>AEAD counter of c3 under the same k (a key is never used twice with one nonce).</summary>
    public const ulong ActThreeNonce = 1;
}
