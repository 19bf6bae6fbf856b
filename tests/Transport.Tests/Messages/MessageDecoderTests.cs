using System.Text.Json;
using LnRelay.Transport.Messages;
using LnRelay.Wire;

namespace LnRelay.Transport.Tests.Messages;

public sealed class MessageDecoderTests
{
    public static TheoryData<string, LightningMessage> Samples => SampleMessages.All();

    public static TheoryData<string, string> InitVectors()
    {
        var data = new TheoryData<string, string>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine("vectors", "bolt01-init-extension-vectors.json")));
        foreach (var group in new[] { "valid", "invalid" })
        {
            foreach (var row in json.RootElement.GetProperty(group).EnumerateArray())
            {
                data.Add(group, row.GetProperty("message_hex").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InitVectors))]
    public void InitExtensionVector_DecodesOrFailsAsTheSpecSays(string group, string messageHex)
    {
        var bytes = Convert.FromHexString(messageHex);
        var result = MessageDecoder.Decode(bytes);
        if (group == "valid")
        {
            Assert.Equal(MessageDecodeStatus.Decoded, result.Status);
            var init = Assert.IsType<InitMessage>(result.Message);
            Assert.True(init.Features.IsEmpty);
            // Unknown odd records are kept, so the message re-encodes byte for byte.
            Assert.Equal(messageHex, Convert.ToHexStringLower(init.Encode()));
        }
        else
        {
            Assert.Equal(MessageDecodeStatus.Malformed, result.Status);
            Assert.Equal(MessageDecodeFailure.InvalidExtension, result.Failure);
            Assert.NotNull(result.ExtensionFailure);
        }
    }

    [Fact]
    public void InitExtensionVectors_InvalidRowsFailForTheirOwnReasons()
    {
        Assert.Equal(TlvFailureReason.LengthMissing, Decode("00100000000001").ExtensionFailure!.Value.Reason);
        Assert.Equal(TlvFailureReason.UnknownEvenType, Decode("001000000000ca012a").ExtensionFailure!.Value.Reason);
        Assert.Equal(TlvFailureReason.DuplicateType, Decode("001000000000c90101c90102").ExtensionFailure!.Value.Reason);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryMessage_RoundTrips(string name, LightningMessage message)
    {
        var encoded = message.Encode();
        var result = MessageDecoder.Decode(encoded);

        Assert.True(result.Status == MessageDecodeStatus.Decoded, $"{name}: {result.Describe()}");
        Assert.Equal(message.GetType(), result.Message!.GetType());
        Assert.Equal(encoded, result.Message.Encode());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryTruncation_IsADeclaredFailure_UnlessItEndsOnATlvRecordBoundary(string name, LightningMessage message)
    {
        var encoded = message.Encode();
        var fixedEnd = encoded.Length - message.Extension.Length;
        var boundaries = RecordBoundaries(message.Extension, fixedEnd);
        for (var length = 0; length < encoded.Length; length++)
        {
            var result = MessageDecoder.Decode(encoded.AsSpan(0, length));
            if (boundaries.Contains(length))
            {
                // The BOLT 1 stream ends when no bytes remain: a cut between whole records is a shorter valid message.
                Assert.Equal(MessageDecodeStatus.Decoded, result.Status);
                continue;
            }

            Assert.True(result.Status == MessageDecodeStatus.Malformed, $"{name} cut to {length}: {result.Describe()}");
            var expected = length < MessageSizes.Type ? MessageDecodeFailure.MissingType
                : length < fixedEnd ? MessageDecodeFailure.TooShort
                : MessageDecodeFailure.InvalidExtension;
            Assert.Equal(expected, result.Failure);
        }
    }

    [Fact]
    public void UpdateFailMalformedHtlc_WithoutBadOnionBit_IsADeclaredFailure()
    {
        var encoded = new UpdateFailMalformedHtlcMessage(SampleMessages.Channel, 3, new byte[32], 0x8000 | 5).Encode();
        encoded[^2] = 0x40; // 0x4005: PERM|5 without BADONION.
        var result = MessageDecoder.Decode(encoded);

        Assert.Equal(MessageDecodeStatus.Malformed, result.Status);
        Assert.Equal(MessageDecodeFailure.MissingBadOnionBit, result.Failure);
        Assert.Throws<ArgumentException>(() => new UpdateFailMalformedHtlcMessage(SampleMessages.Channel, 3, new byte[32], 0x4005));
    }

    [Fact]
    public void LinkSync_WithAnUnknownKind_IsADeclaredFailure()
    {
        var encoded = new LinkSyncMessage(LinkSyncKind.Resume, 1, 2, 3).Encode();
        encoded[MessageSizes.Type] = 7;
        var result = MessageDecoder.Decode(encoded);

        Assert.Equal(MessageDecodeStatus.Malformed, result.Status);
        Assert.Equal(MessageDecodeFailure.UnknownLinkSyncKind, result.Failure);
    }

    [Theory]
    [InlineData("0021", MessageDecodeStatus.UnknownOddType)]
    [InlineData("8001abcdef", MessageDecodeStatus.UnknownOddType)]
    [InlineData("0020", MessageDecodeStatus.UnknownEvenType)]
    [InlineData("0084aa", MessageDecodeStatus.UnknownEvenType)]
    public void UnknownTypes_AreClassifiedByParity(string hex, MessageDecodeStatus expected)
    {
        var result = MessageDecoder.Decode(Convert.FromHexString(hex));
        Assert.Equal(expected, result.Status);
        Assert.Null(result.Message);
        Assert.Equal(Convert.ToUInt16(hex[..4], 16), result.RawType);
    }

    [Fact]
    public void KnownExtensionRecord_WithWrongLength_IsInvalidExtension()
    {
        var add = SampleMessages.Add().Encode();
        var withShortPathKey = add.Concat(new byte[] { 0x00, 0x20 }).Concat(new byte[32]).ToArray();
        var attribution = new UpdateFulfillHtlcMessage(SampleMessages.Channel, 1, new byte[32]).Encode()
            .Concat(new byte[] { 0x01, 0xfd, 0x03, 0x97 }).Concat(new byte[919]).ToArray();
        var networks = Convert.FromHexString("001000000000" + "0101" + "00");

        Assert.Equal(TlvFailureReason.ValueTooShort, MessageDecoder.Decode(withShortPathKey).ExtensionFailure!.Value.Reason);
        Assert.Equal(TlvFailureReason.ValueTooShort, MessageDecoder.Decode(attribution).ExtensionFailure!.Value.Reason);
        Assert.Equal(TlvFailureReason.InvalidValue, MessageDecoder.Decode(networks).ExtensionFailure!.Value.Reason);
    }

    [Fact]
    public void MessagesWithoutExtensions_StillRefuseEvenTrailingRecords()
    {
        var ping = new PingMessage(1).Encode().Concat(new byte[] { 0x02, 0x00 }).ToArray();
        var result = MessageDecoder.Decode(ping);

        Assert.Equal(MessageDecodeFailure.InvalidExtension, result.Failure);
        Assert.Equal(TlvFailureReason.UnknownEvenType, result.ExtensionFailure!.Value.Reason);
    }

    [Fact]
    public void OverlongMessage_IsDeclaredTooLong()
    {
        var bytes = new byte[MessageSizes.MaxMessage + 1];
        bytes[1] = (byte)MessageType.Ping;
        Assert.Equal(MessageDecodeFailure.TooLong, MessageDecoder.Decode(bytes).Failure);
    }

    [Fact]
    public void DecodedMessage_DoesNotShareTheCallersBuffer()
    {
        var buffer = new PongMessage(new byte[] { 1, 2, 3 }).Encode();
        var pong = Assert.IsType<PongMessage>(MessageDecoder.Decode(buffer).Message);
        buffer.AsSpan().Clear();
        Assert.Equal(new byte[] { 1, 2, 3 }, pong.Ignored.ToArray());
    }

    private static MessageDecodeResult Decode(string hex) => MessageDecoder.Decode(Convert.FromHexString(hex));

    /// <summary>Message lengths at which the extension stream ends exactly between whole records.</summary>
    private static HashSet<int> RecordBoundaries(ReadOnlySpan<byte> extension, int fixedEnd)
    {
        var boundaries = new HashSet<int> { fixedEnd };
        var reader = new TlvReader(extension, [0, 1, 3]);
        while (reader.TryRead(out _))
        {
            boundaries.Add(fixedEnd + reader.Position);
        }

        return boundaries;
    }
}
