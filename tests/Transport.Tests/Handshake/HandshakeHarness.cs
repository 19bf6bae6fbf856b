using LnRelay.Crypto;
using LnRelay.Transport.Handshake;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Handshake;

/// <summary>Runs both sans-IO sides in memory, with hooks to tamper with each act.</summary>
internal static class HandshakeHarness
{
    public const string Network = "lnrelay-test";

    public static PrivateKey Key(byte fill) => PrivateKey.Create(Enumerable.Repeat(fill, KeySizes.SecretKey).ToArray());

    public static byte[] Bytes(byte fill, int length = KeySizes.SecretKey) => Enumerable.Repeat(fill, length).ToArray();

    public static bool AllowAll(PublicKey _) => true;

    /// <summary>The outcome of one in-memory handshake.</summary>
    internal sealed record Run(
        byte[] ActOne,
        byte[]? ActTwo,
        byte[]? ActThree,
        HandshakeResult? Initiator,
        HandshakeResult? Responder,
        TransportFailure? InitiatorFailure,
        TransportFailure? ResponderFailure);

    /// <summary>A full handshake; each act passes through its tamper function on the way.</summary>
    public static Run Execute(
        PrivateKey initiatorKey,
        PrivateKey responderKey,
        PublicKey? expected = null,
        Func<PublicKey, bool>? authorize = null,
        Func<byte[], byte[]>? tamperOne = null,
        Func<byte[], byte[]>? tamperTwo = null,
        Func<byte[], byte[]>? tamperThree = null,
        IHandshakeRandomness? initiatorRandomness = null,
        IHandshakeRandomness? responderRandomness = null,
        string initiatorNetwork = Network,
        string responderNetwork = Network)
    {
        using var initiator = new InitiatorHandshake(initiatorKey, expected ?? responderKey.PublicKey, initiatorNetwork, initiatorRandomness ?? SystemHandshakeRandomness.Instance);
        using var responder = new ResponderHandshake(responderKey, responderNetwork, responderRandomness ?? SystemHandshakeRandomness.Instance);
        var actOne = new byte[HandshakeSizes.ActOne];
        initiator.WriteActOne(actOne);
        actOne = tamperOne?.Invoke(actOne) ?? actOne;

        var actTwo = new byte[HandshakeSizes.ActTwo];
        if (!responder.TryReadActOne(actOne, actTwo, out var failure))
        {
            return new Run(actOne, null, null, null, null, null, failure);
        }

        actTwo = tamperTwo?.Invoke(actTwo) ?? actTwo;
        var actThree = new byte[HandshakeSizes.ActThree];
        if (!initiator.TryReadActTwo(actTwo, actThree, out var initiatorResult, out failure))
        {
            return new Run(actOne, actTwo, null, null, null, failure, null);
        }

        actThree = tamperThree?.Invoke(actThree) ?? actThree;
        if (!responder.TryReadActThree(actThree, authorize ?? AllowAll, out var responderResult, out failure))
        {
            return new Run(actOne, actTwo, actThree, initiatorResult, null, null, failure);
        }

        return new Run(actOne, actTwo, actThree, initiatorResult, responderResult, null, null);
    }

    public static byte[] FlipBit(byte[] data, int bit)
    {
        var copy = (byte[])data.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
