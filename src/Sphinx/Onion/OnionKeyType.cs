namespace LnRelay.Sphinx.Onion;

/// <summary>
/// The per-hop key types of BOLT 4 ("Key Generation"; "Returning Errors" for
/// <c>ammag</c> and <c>ammagext</c>). Each key is
/// <c>HMAC-SHA256(key = ASCII name, message = 32-byte secret)</c>; see <see cref="OnionKeys"/>.
/// </summary>
internal enum OnionKeyType
{
    /// <summary><c>rho</c>: keystream that obfuscates <c>hop_payloads</c> on the way forward.</summary>
    Rho,

    /// <summary><c>mu</c>: HMAC key of the forward packet.</summary>
    Mu,

    /// <summary><c>um</c>: HMAC key of the return (failure) packet and of attribution HMACs.</summary>
    Um,

    /// <summary><c>pad</c>: keystream for the initial 1300 bytes, keyed from the session key, not a shared secret.</summary>
    Pad,

    /// <summary><c>ammag</c>: keystream that obfuscates the return packet.</summary>
    Ammag,

    /// <summary><c>ammagext</c>: keystream that obfuscates <c>attribution_data</c>.</summary>
    AmmagExt,
}
