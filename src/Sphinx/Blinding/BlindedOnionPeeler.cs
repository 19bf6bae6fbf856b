using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Replay;
using LnRelay.Wire;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// Peels an incoming HTLC's onion the way BOLT 4 "Route Blinding" and "Onion Decryption"
/// say, whether or not the HTLC is inside a blinded path:
/// <list type="bullet">
/// <item>with a <c>path_key</c> E_i from <c>update_add_htlc</c> (a blinded relay or the
/// recipient): ss_i = ECDH(k_i, E_i), peel with b_i = HMAC("blinded_node_id", ss_i)·k_i, and
/// the payload must not also hold <c>current_path_key</c>;</item>
/// <item>without one: peel with k_i; a payload holding <c>encrypted_recipient_data</c> makes
/// this the introduction node, which takes E_0 from <c>current_path_key</c>.</item>
/// </list>
/// Then the blob is decrypted with rho_i and its records decoded, and a relay gets the next
/// path key. Amount and expiry rules are <see cref="BlindedHopChecks"/>, which needs the
/// incoming HTLC. Costs over an ordinary peel: one ECDH and a scalar tweak (with a path key),
/// one AEAD, and at a relay one point tweak for the next path key.
/// </summary>
public static class BlindedOnionPeeler
{
    /// <summary>Peels, allocating the result's buffer.</summary>
    public static BlindedPeelResult Peel(PrivateKey nodeKey, PublicKey? pathKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> packet) =>
        Peel(nodeKey, pathKey, associatedData, packet, new byte[OnionPeeler.BufferSize], null, 0);

    /// <summary>
    /// Peels into <paramref name="buffer"/> (<see cref="OnionPeeler.BufferSize"/> bytes), with
    /// replay protection when <paramref name="replayGuard"/> is given (until <paramref name="cltvExpiry"/>).
    /// <paramref name="pathKey"/> is <c>update_add_htlc</c>'s <c>path_key</c>, already parsed
    /// (a node answers an unparsable one with <see cref="BlindingFailureReason.InvalidPathKey"/>).
    /// With <paramref name="parseClearPayload"/>, an ordinary (<see cref="BlindedPeelOutcome.Clear"/>)
    /// result comes with its payload parsed, as <see cref="OnionPeeler.ParsePayload"/> gives it: one
    /// result instead of a second copy made to add the payload, on every hop of every payment.
    /// </summary>
    public static BlindedPeelResult Peel(
        PrivateKey nodeKey,
        PublicKey? pathKey,
        ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> packet,
        Memory<byte> buffer,
        OnionReplayGuard? replayGuard,
        uint cltvExpiry,
        bool parseClearPayload = false)
    {
        Span<byte> shared = stackalloc byte[BlindingKeys.SecretSize];
        try
        {
            if (pathKey is not { } key)
            {
                var clear = OnionPeeler.Peel(nodeKey, associatedData, packet, buffer, replayGuard, cltvExpiry, parsePayload: false);
                if (clear.Outcome is not (OnionPeelOutcome.Forward or OnionPeelOutcome.Final) || !HoldsRecipientData(clear.Payload.Span))
                {
                    return new BlindedPeelResult(BlindedPeelOutcome.Clear, parseClearPayload ? OnionPeeler.ParsePayload(clear) : clear);
                }

                return Continue(nodeKey, null, clear, shared, PointLocked(associatedData));
            }

            if (!nodeKey.TryEcdh(key, shared))
            {
                return new BlindedPeelResult(BlindedPeelOutcome.Refused, default, BlindingFailureReason.InvalidPathKey);
            }

            var blinded = PeelBlinded(nodeKey, shared, associatedData, packet, buffer, replayGuard, cltvExpiry);
            return blinded.Outcome is OnionPeelOutcome.Forward or OnionPeelOutcome.Final
                ? Continue(nodeKey, key, blinded, shared, PointLocked(associatedData))
                : new BlindedPeelResult(BlindedPeelOutcome.Refused, blinded, BlindingFailureReason.OnionRefused);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>The onion's associated data is a 33-byte lock point: the HTLC is point-locked (docs/ptlc.md "Binding the onion to the lock").</summary>
    private static bool PointLocked(ReadOnlySpan<byte> associatedData) => associatedData.Length == Ptlc.PointLock.Size;

    /// <summary>b_i on the stack, used for this one peel and wiped.</summary>
    private static OnionPeelResult PeelBlinded(
        PrivateKey nodeKey,
        ReadOnlySpan<byte> shared,
        ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> packet,
        Memory<byte> buffer,
        OnionReplayGuard? replayGuard,
        uint cltvExpiry)
    {
        Span<byte> blindedSecret = stackalloc byte[KeySizes.SecretKey];
        try
        {
            nodeKey.WriteSecret(blindedSecret);
            BlindingKeys.BlindPrivateKey(blindedSecret, shared);
            return OnionPeeler.PeelWithSecret(blindedSecret, associatedData, packet, buffer, replayGuard, cltvExpiry);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blindedSecret);
        }
    }

    /// <summary>The payload, the path key's source, the blob. <paramref name="shared"/> holds ss_i when <paramref name="pathKey"/> is set.</summary>
    private static BlindedPeelResult Continue(PrivateKey nodeKey, PublicKey? pathKey, OnionPeelResult onion, Span<byte> shared, bool pointLocked)
    {
        var isFinal = onion.Outcome == OnionPeelOutcome.Final;
        if (!BlindedHopPayload.TryParse(onion.Payload.Span, isFinal, out var payload, out _, pointLocked))
        {
            return new BlindedPeelResult(BlindedPeelOutcome.Refused, onion, BlindingFailureReason.InvalidPayload, IsIntroduction: pathKey is null);
        }

        PublicKey key;
        if (pathKey is { } fromUpdateAdd)
        {
            if (payload.CurrentPathKey is not null)
            {
                return new BlindedPeelResult(BlindedPeelOutcome.Refused, onion, BlindingFailureReason.PathKeyInBothPlaces, payload);
            }

            key = fromUpdateAdd;
        }
        else if (payload.CurrentPathKey is { } fromPayload)
        {
            key = fromPayload;
            if (!nodeKey.TryEcdh(key, shared))
            {
                return new BlindedPeelResult(BlindedPeelOutcome.Refused, onion, BlindingFailureReason.InvalidPathKey, payload, IsIntroduction: true);
            }
        }
        else
        {
            return new BlindedPeelResult(BlindedPeelOutcome.Refused, onion, BlindingFailureReason.PathKeyMissing, payload);
        }

        var isIntroduction = pathKey is null;
        var failure = BlindedHopReader.TryUnblind(shared, key, payload.EncryptedRecipientData, computeNextPathKey: !isFinal, out var hop);
        if (failure != BlindingFailureReason.None)
        {
            return new BlindedPeelResult(BlindedPeelOutcome.Refused, onion, failure, payload, IsIntroduction: isIntroduction);
        }

        return new BlindedPeelResult(isFinal ? BlindedPeelOutcome.Final : BlindedPeelOutcome.Forward, onion, BlindingFailureReason.None, payload, hop, isIntroduction);
    }

    /// <summary>Whether a decrypted payload holds type 10 (a stream error is left to the ordinary reader).</summary>
    private static bool HoldsRecipientData(ReadOnlySpan<byte> payload)
    {
        var reader = new TlvReader(payload, HopPayloadTypes.Known);
        while (reader.TryRead(out var record))
        {
            if (record.Type == HopPayloadTypes.EncryptedRecipientData)
            {
                return true;
            }

            if (record.Type > HopPayloadTypes.EncryptedRecipientData)
            {
                return false;
            }
        }

        return false;
    }
}
