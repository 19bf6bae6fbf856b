using LnRelay.Crypto;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// Fixed inputs for <c>bench onion</c>, the network benchmark's ceiling and the BenchmarkDotNet
/// Sphinx benchmarks (bench/Bench links this file): deterministic keys, a 5-hop and a 20-hop
/// route, and a failure packet from the 5th hop. It uses only Crypto and Sphinx.
/// </summary>
internal sealed class BenchOnionSetup
{
    private BenchOnionSetup(byte[] sessionKey, PrivateKey[] keys)
    {
        SessionKey = sessionKey;
        FirstHopKey = keys[0];
        // Payload sizes typical of a relay (scid, amount, expiry: ~18 bytes) and a 32-byte hop for 20 hops (20 x 65 = 1300).
        Route5 = keys.Take(5).Select((k, i) => new OnionHop(k.PublicKey, Payload(i, 18))).ToArray();
        Route20 = keys.Take(20).Select((k, i) => new OnionHop(k.PublicKey, Payload(i, 32))).ToArray();
        if (!OnionBuilder.TryCreateWithSessionKey(sessionKey, Route5, AssociatedData, out var onion, out var refusal))
        {
            throw new InvalidOperationException(refusal);
        }

        Packet5 = onion.Packet;
        Secrets5 = onion.SharedSecrets;
        FirstHopEphemeral = Packet5.AsSpan(OnionPacket.PublicKeyOffset, OnionPacket.PublicKeySize).ToArray();
        var packet = FailurePacket.Create(Secrets5[^1], FailureMessage.Create(FailureCode.TemporaryNodeFailure));
        for (var i = Secrets5.Count - 2; i >= 0; i--)
        {
            packet = FailurePacket.Wrap(Secrets5[i], packet);
        }

        ReturnPacket = packet;
        (BlindedRelayPacket, BlindedRelayPathKey, BlindedBlob) = BlindedRelayInput(keys);
        BlindedRelayKey = keys[1];
    }

    public byte[] SessionKey { get; }

    public byte[] AssociatedData { get; } = Enumerable.Repeat((byte)0x42, 32).ToArray();

    public PrivateKey FirstHopKey { get; }

    public OnionHop[] Route5 { get; }

    public OnionHop[] Route20 { get; }

    public byte[] Packet5 { get; }

    public byte[] FirstHopEphemeral { get; }

    public IReadOnlyList<byte[]> Secrets5 { get; }

    public byte[] ReturnPacket { get; }

    /// <summary>The key of the first blinded relay (hop 1) of a 3-relay blinded path, for <c>peel_blinded</c>.</summary>
    public PrivateKey BlindedRelayKey { get; }

    /// <summary>The onion that relay receives from the introduction node.</summary>
    public byte[] BlindedRelayPacket { get; }

    /// <summary>The path_key that came with it in update_add_htlc.</summary>
    public PublicKey BlindedRelayPathKey { get; }

    /// <summary>That relay's encrypted_recipient_data (its length is the AEAD the floor times).</summary>
    public byte[] BlindedBlob { get; }

    public static BenchOnionSetup Create()
    {
        var keys = Enumerable.Range(1, 20).Select(i => PrivateKey.Create(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        return new BenchOnionSetup(Enumerable.Repeat((byte)0x41, 32).ToArray(), keys);
    }

    /// <summary>
    /// A blinded path keys[0] (intro) → keys[1] → keys[2] → keys[3] (recipient) with typical
    /// policies, the payer's onion for it, and what keys[1] receives: the introduction node's
    /// peeled onion and next path key.
    /// </summary>
    private static (byte[] Packet, PublicKey PathKey, byte[] Blob) BlindedRelayInput(PrivateKey[] keys)
    {
        var relays = Enumerable.Range(0, 3).Select(i => new BlindedRelaySpec(keys[i].PublicKey, new ShortChannelId(700_000, (uint)i, 1), new PaymentRelay(40, 100, 1000))).ToArray();
        var path = BlindedPaymentPath.Create(Enumerable.Repeat((byte)0x05, 32).ToArray(), relays, keys[3].PublicKey, new byte[32], 800_000, 1000, 18);
        var route = BlindedPaymentRoute.Create(path.Path, path.PayInfo, 1_000_000, 750_000, 1_000_000);
        if (!OnionBuilder.TryCreateWithSessionKey(Enumerable.Repeat((byte)0x41, 32).ToArray(), route.Hops, Enumerable.Repeat((byte)0x42, 32).ToArray(), out var onion, out var refusal))
        {
            throw new InvalidOperationException(refusal);
        }

        var intro = BlindedOnionPeeler.Peel(keys[0], null, Enumerable.Repeat((byte)0x42, 32).ToArray(), onion.Packet);
        return (intro.Onion.NextPacket.ToArray(), intro.NextPathKey!.Value, path.Path.Hops[1].EncryptedData);
    }

    /// <summary>A valid relay-shaped TLV stream: amt_to_forward, outgoing_cltv_value, short_channel_id, then an odd filler record.</summary>
    private static byte[] Payload(int hop, int length)
    {
        byte[] core = [0x02, 0x02, 0x3a, 0x98, 0x04, 0x02, 0x05, 0xdc, 0x06, 0x08, 0, 0, 0, 0, 0, 0, 0, (byte)(hop + 1)];
        if (length <= core.Length)
        {
            return core;
        }

        var payload = new byte[length];
        core.CopyTo(payload, 0);
        payload[core.Length] = 0x0b; // odd type 11: skipped by readers
        payload[core.Length + 1] = (byte)(length - core.Length - 2);
        return payload;
    }
}
