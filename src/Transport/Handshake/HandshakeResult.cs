using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Transport.Framing;

namespace LnRelay.Transport.Handshake;

/// <summary>
/// What a completed handshake yields (docs/transport.md "Transport keys"): the peer's
/// authenticated node id, the final transcript hash, and the two directions' keys
/// sk_I, sk_R = HKDF(ck, empty), each starting its rotation chain at the final ck.
/// <see cref="CreateFraming"/> hands the keys to the frame ciphers and wipes them here.
/// </summary>
internal sealed class HandshakeResult : IDisposable
{
    private readonly byte[] _sendKey = GC.AllocateArray<byte>(HandshakeSizes.Key, pinned: true);
    private readonly byte[] _receiveKey = GC.AllocateArray<byte>(HandshakeSizes.Key, pinned: true);
    private readonly byte[] _chainingKey = GC.AllocateArray<byte>(HandshakeSizes.Hash, pinned: true);

    internal HandshakeResult(HandshakeTranscript transcript, bool isInitiator, PublicKey remoteNodeId)
    {
        RemoteNodeId = remoteNodeId;
        HandshakeHash = transcript.Hash.ToArray();
        transcript.ChainingKey.CopyTo(_chainingKey);
        // The initiator sends with the first half; the responder the other way round.
        if (isInitiator)
        {
            transcript.SplitTransportKeys(_sendKey, _receiveKey);
        }
        else
        {
            transcript.SplitTransportKeys(_receiveKey, _sendKey);
        }
    }

    /// <summary>The peer's node id, proven by its signature over the transcript.</summary>
    public PublicKey RemoteNodeId { get; }

    /// <summary>The final h (both sides agree on it; useful as a channel binding and in vectors).</summary>
    public byte[] HandshakeHash { get; }

    /// <summary>This side's sending key (for the known-answer vectors).</summary>
    internal ReadOnlySpan<byte> SendKey => _sendKey;

    /// <summary>This side's receiving key (for the known-answer vectors).</summary>
    internal ReadOnlySpan<byte> ReceiveKey => _receiveKey;

    /// <summary>The final ck, the start of both rotation chains.</summary>
    internal ReadOnlySpan<byte> ChainingKey => _chainingKey;

    /// <summary>Creates this side's frame encryptor and decryptor; call once.</summary>
    public (FrameEncryptor Encryptor, FrameDecryptor Decryptor) CreateFraming()
    {
        var encryptor = new FrameEncryptor(new FrameCipherState(_sendKey, _chainingKey));
        var decryptor = new FrameDecryptor(new FrameCipherState(_receiveKey, _chainingKey));
        Dispose();
        return (encryptor, decryptor);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_sendKey);
        CryptographicOperations.ZeroMemory(_receiveKey);
        CryptographicOperations.ZeroMemory(_chainingKey);
    }
}
