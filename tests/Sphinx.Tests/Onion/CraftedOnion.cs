using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>
/// A one-layer onion whose de-obfuscated routing info is chosen by the test and whose
/// HMAC is valid, so a peel gets past version, key and HMAC and reaches the hop entry
/// (the only way to test what a hop does with a bad length or payload).
/// </summary>
internal sealed class CraftedOnion
{
    private readonly byte[] _ephemeral;
    private readonly byte[] _rhoStream;
    private readonly byte[] _mu;

    public CraftedOnion(ReadOnlySpan<byte> sessionKey, PublicKey node)
    {
        Assert.True(Secp256k1.TryDerivePublicKey(sessionKey, out var ephemeral));
        _ephemeral = ephemeral.ToBytes();
        var secret = new byte[32];
        Assert.True(Secp256k1.TryEcdh(sessionKey, node, secret));
        SharedSecret = secret;
        _rhoStream = new byte[OnionPacket.RoutingInfoSize];
        ChaCha20Stream.Xor(OnionKeys.Derive(OnionKeyType.Rho, secret), _rhoStream);
        _mu = OnionKeys.Derive(OnionKeyType.Mu, secret);
    }

    public byte[] SharedSecret { get; }

    /// <summary>A packet whose routing info de-obfuscates to <paramref name="plaintext"/> (padded with zeros to 1300 bytes).</summary>
    public byte[] Packet(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var packet = new byte[OnionPacket.Size];
        Write(plaintext, associatedData, packet);
        return packet;
    }

    public void Write(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> packet)
    {
        packet[OnionPacket.VersionOffset] = OnionPacket.CurrentVersion;
        _ephemeral.CopyTo(packet[OnionPacket.PublicKeyOffset..]);
        var routing = packet.Slice(OnionPacket.RoutingInfoOffset, OnionPacket.RoutingInfoSize);
        routing.Clear();
        plaintext.CopyTo(routing);
        for (var i = 0; i < routing.Length; i++)
        {
            routing[i] ^= _rhoStream[i];
        }

        Hashes.HmacSha256(_mu, routing, associatedData, packet.Slice(OnionPacket.HmacOffset, OnionPacket.HmacSize));
    }
}
