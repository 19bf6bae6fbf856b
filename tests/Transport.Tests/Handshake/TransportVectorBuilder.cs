using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Transport.Framing;
using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Tests.Handshake;

/// <summary>
/// Computes every value of tests/vectors/transport-sts-vectors.json from this
/// implementation with fixed keys and fixed Schnorr aux randomness. Used twice: by
/// <see cref="TransportVectorTests.Generator_WritesVectorFile_OnlyWhenAsked"/> (once,
/// to write the file) and by the checks, which compare the file against it value by value.
/// The act key and signatures are recomputed here straight from the primitives, as
/// another implementation would, rather than read out of the state machines.
/// </summary>
internal static class TransportVectorBuilder
{
    public const string NetworkName = "lnrelay-vectors";
    public const string Message = "68656c6c6f"; // "hello", as BOLT 8 Appendix A

    public static readonly int[] FrameIndices = [0, 1, 499, 500, 501, 999, 1000, 1001];
    public static readonly int[] ReverseFrameIndices = [0, 500];

    private static readonly byte[] InitiatorStatic = Fill(0x11);
    private static readonly byte[] InitiatorEphemeral = Fill(0x12);
    private static readonly byte[] InitiatorAux = Fill(0x13);
    private static readonly byte[] ResponderStatic = Fill(0x21);
    private static readonly byte[] ResponderEphemeral = Fill(0x22);
    private static readonly byte[] ResponderAux = Fill(0x23);

    public static JsonObject Build()
    {
        using var initiatorKey = PrivateKey.Create(InitiatorStatic);
        using var responderKey = PrivateKey.Create(ResponderStatic);
        using var initiator = new InitiatorHandshake(initiatorKey, responderKey.PublicKey, NetworkName, new FixedHandshakeRandomnessForTests(InitiatorEphemeral, InitiatorAux));
        using var responder = new ResponderHandshake(responderKey, NetworkName, new FixedHandshakeRandomnessForTests(ResponderEphemeral, ResponderAux));

        var hInitial = responder.Transcript.Hash.ToArray();
        var ckInitial = responder.Transcript.ChainingKey.ToArray();

        var actOne = new byte[HandshakeSizes.ActOne];
        initiator.WriteActOne(actOne);
        var hAfterActOne = initiator.Transcript.Hash.ToArray();
        var ckAfterActOne = initiator.Transcript.ChainingKey.ToArray();

        var actTwo = new byte[HandshakeSizes.ActTwo];
        Assert.True(responder.TryReadActOne(actOne, actTwo, out _));
        var hAfterActTwo = responder.Transcript.Hash.ToArray();
        var ckAfterActTwo = responder.Transcript.ChainingKey.ToArray();

        // Independent recomputation of act two's inner values from the primitives.
        var y = actTwo.AsSpan(HandshakeSizes.Version, HandshakeSizes.PublicKey).ToArray();
        var hWithY = Sha(hAfterActOne, y);
        var sharedSecret = new byte[KeySizes.Hash];
        Assert.True(Secp256k1.TryEcdh(InitiatorEphemeral, PublicKey.Parse(y), sharedSecret));
        var ck = new byte[KeySizes.Hash];
        var k = new byte[KeySizes.Hash];
        Hkdf.DeriveTwoKeys(ckInitial, sharedSecret, ck, k);
        Assert.Equal(ck, ckAfterActTwo);
        var responderMessage = Sha("responder"u8.ToArray(), hWithY);
        var sigR = new byte[KeySizes.SchnorrSignature];
        responderKey.SignSchnorr(responderMessage, ResponderAux, sigR);

        var actThree = new byte[HandshakeSizes.ActThree];
        Assert.True(initiator.TryReadActTwo(actTwo, actThree, out var initiatorResult, out _));
        Assert.True(responder.TryReadActThree(actThree, _ => true, out var responderResult, out _));
        var initiatorMessage = Sha("initiator"u8.ToArray(), hAfterActTwo);
        var sigI = new byte[KeySizes.SchnorrSignature];
        initiatorKey.SignSchnorr(initiatorMessage, InitiatorAux, sigI);

        var handshake = new JsonObject
        {
            ["h_initial"] = Hex(hInitial),
            ["ck_initial"] = Hex(ckInitial),
            ["act_one"] = Hex(actOne),
            ["h_after_act_one"] = Hex(hAfterActOne),
            ["ck_after_act_one"] = Hex(ckAfterActOne),
            ["ecdh_ephemeral"] = Hex(sharedSecret),
            ["h_before_c2"] = Hex(hWithY),
            ["act_key"] = Hex(k),
            ["responder_signed_message"] = Hex(responderMessage),
            ["sig_r"] = Hex(sigR),
            ["act_two"] = Hex(actTwo),
            ["h_after_act_two"] = Hex(hAfterActTwo),
            ["ck_after_act_two"] = Hex(ckAfterActTwo),
            ["initiator_signed_message"] = Hex(initiatorMessage),
            ["sig_i"] = Hex(sigI),
            ["act_three"] = Hex(actThree),
            ["h_after_act_three"] = Hex(initiatorResult!.HandshakeHash),
            ["ck_after_act_three"] = Hex(initiatorResult.ChainingKey.ToArray()),
        };

        var transport = new JsonObject
        {
            ["initiator_send_key"] = Hex(initiatorResult.SendKey.ToArray()),
            ["responder_send_key"] = Hex(responderResult!.SendKey.ToArray()),
            ["chaining_key"] = Hex(initiatorResult.ChainingKey.ToArray()),
        };

        var (initiatorEncryptor, initiatorDecryptor) = initiatorResult.CreateFraming();
        var (responderEncryptor, responderDecryptor) = responderResult.CreateFraming();
        using (initiatorEncryptor)
        using (initiatorDecryptor)
        using (responderEncryptor)
        using (responderDecryptor)
        {
            return new JsonObject
            {
                ["comment"] = "lnrelay STS transport v0 known-answer vectors (docs/transport.md \"Test vectors\"). Generated by this implementation "
                    + "(TransportVectorTests.Generator_WritesVectorFile_OnlyWhenAsked with LNRELAY_WRITE_TRANSPORT_VECTORS=1), not by an independent one. "
                    + "All hex lowercase. Schnorr signatures use the fixed aux randomness given, so they are deterministic.",
                ["label"] = System.Text.Encoding.UTF8.GetString(HandshakeProtocol.Label),
                ["network_name"] = NetworkName,
                ["initiator"] = Party(InitiatorStatic, initiatorKey, InitiatorEphemeral, InitiatorAux),
                ["responder"] = Party(ResponderStatic, responderKey, ResponderEphemeral, ResponderAux),
                ["handshake"] = handshake,
                ["transport"] = transport,
                ["message"] = Message,
                ["initiator_to_responder"] = Frames(initiatorEncryptor, FrameIndices),
                ["responder_to_initiator"] = Frames(responderEncryptor, ReverseFrameIndices),
            };
        }
    }

    /// <summary>Sends the message repeatedly and records the frames at the given indices, with the key in use for each.</summary>
    private static JsonArray Frames(FrameEncryptor encryptor, int[] indices)
    {
        var message = Convert.FromHexString(Message);
        var frame = new byte[FrameSizes.FrameFor(message.Length)];
        var frames = new JsonArray();
        for (var i = 0; i <= indices[^1]; i++)
        {
            var key = Hex(encryptor.Cipher.Key.ToArray());
            var nonce = encryptor.Cipher.Nonce;
            encryptor.Encrypt(message, frame);
            if (indices.Contains(i))
            {
                frames.Add(new JsonObject { ["index"] = i, ["key"] = key, ["nonce"] = nonce, ["frame"] = Hex(frame) });
            }
        }

        return frames;
    }

    private static JsonObject Party(byte[] staticSecret, PrivateKey key, byte[] ephemeral, byte[] aux)
    {
        Assert.True(Secp256k1.TryDerivePublicKey(ephemeral, out var ephemeralPublic));
        return new JsonObject
        {
            ["static_secret"] = Hex(staticSecret),
            ["static_public"] = key.PublicKey.ToHex(),
            ["ephemeral_secret"] = Hex(ephemeral),
            ["ephemeral_public"] = ephemeralPublic.ToHex(),
            ["schnorr_aux"] = Hex(aux),
        };
    }

    private static byte[] Sha(byte[] a, byte[] b)
    {
        var output = new byte[KeySizes.Hash];
        Hashes.Sha256(a, b, output);
        return output;
    }

    private static byte[] Fill(byte value) => Enumerable.Repeat(value, KeySizes.SecretKey).ToArray();

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
