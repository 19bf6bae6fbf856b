namespace LnRelay.Sphinx.Onion;

/// <summary>
/// Why a peel refused an onion, one value per cause; <see cref="OnionPeelResult.FailureCode"/>
/// is the BOLT 4 code each maps to (the mapping lives in <see cref="OnionPeeler"/>).
/// </summary>
public enum OnionPeelRefusal
{
    /// <summary>Not refused (Forward or Final).</summary>
    None,

    /// <summary>Version byte not 0: <c>invalid_onion_version</c>, malformed.</summary>
    UnknownVersion,

    /// <summary>The ephemeral key is not a valid compressed point: <c>invalid_onion_key</c>, malformed.</summary>
    InvalidEphemeralKey,

    /// <summary>The HMAC does not verify (wrong key, associated data or corrupted bytes): <c>invalid_onion_hmac</c>, malformed.</summary>
    HmacMismatch,

    /// <summary>The shared secret was seen before (replay guard): refused as a bad onion with <c>invalid_onion_hmac</c>.</summary>
    Replayed,

    /// <summary>The replay log is full of unexpired entries: <c>temporary_node_failure</c>, encrypted for the origin.</summary>
    ReplayLogFull,

    /// <summary>The hop entry or its TLV payload is not acceptable: <c>invalid_onion_payload</c>, encrypted for the origin.</summary>
    InvalidPayload,
}
