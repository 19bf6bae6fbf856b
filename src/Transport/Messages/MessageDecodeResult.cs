using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>What the decoder made of one message (BOLT 1 "Lightning Message Format", receiver rules).</summary>
public enum MessageDecodeStatus
{
    /// <summary>A known type, well formed: <see cref="MessageDecodeResult.Message"/> is set.</summary>
    Decoded,

    /// <summary>An unknown odd type: "it's OK to be odd", the receiver ignores it.</summary>
    UnknownOddType,

    /// <summary>An unknown even type: the receiver must close the connection (after sending <c>error</c>).</summary>
    UnknownEvenType,

    /// <summary>A known type that breaks its layout: <see cref="MessageDecodeResult.Failure"/> says how; the receiver closes the connection.</summary>
    Malformed,
}

/// <summary>Why a message was <see cref="MessageDecodeStatus.Malformed"/>.</summary>
public enum MessageDecodeFailure
{
    /// <summary>Not a failure.</summary>
    None,

    /// <summary>Fewer than 2 bytes: no type at all.</summary>
    MissingType,

    /// <summary>More than 65535 bytes: no transport frame can carry it.</summary>
    TooLong,

    /// <summary>The fixed fields (or a length-prefixed field) run past the end (BOLT 1: "too short" closes the connection).</summary>
    TooShort,

    /// <summary>The extension TLV stream was refused; <see cref="MessageDecodeResult.ExtensionFailure"/> says how.</summary>
    InvalidExtension,

    /// <summary>
    /// <c>update_fail_malformed_htlc</c> whose <c>failure_code</c> lacks the BADONION bit
    /// (0x8000): BOLT 2 "Removing an HTLC" makes that a protocol violation.
    /// </summary>
    MissingBadOnionBit,

    /// <summary><c>link_sync</c> whose <c>kind</c> is neither resume (0) nor ack (1).</summary>
    UnknownLinkSyncKind,
}

/// <summary>
/// The outcome of <see cref="MessageDecoder.Decode"/>: always a value, never an exception.
/// <see cref="Message"/> is set only for <see cref="MessageDecodeStatus.Decoded"/>;
/// <see cref="Failure"/> only for <see cref="MessageDecodeStatus.Malformed"/>;
/// <see cref="ExtensionFailure"/> only with <see cref="MessageDecodeFailure.InvalidExtension"/>.
/// <see cref="RawType"/> is the type read (0 for <see cref="MessageDecodeFailure.MissingType"/>).
/// </summary>
public readonly record struct MessageDecodeResult(
    MessageDecodeStatus Status,
    ushort RawType,
    LightningMessage? Message,
    MessageDecodeFailure Failure,
    TlvFailure? ExtensionFailure)
{
    internal static MessageDecodeResult Ok(LightningMessage message) =>
        new(MessageDecodeStatus.Decoded, (ushort)message.Type, message, MessageDecodeFailure.None, null);

    internal static MessageDecodeResult Malformed(MessageType type, MessageDecodeFailure failure) =>
        new(MessageDecodeStatus.Malformed, (ushort)type, null, failure, null);

    internal static MessageDecodeResult BadExtension(MessageType type, TlvFailure failure) =>
        new(MessageDecodeStatus.Malformed, (ushort)type, null, MessageDecodeFailure.InvalidExtension, failure);

    /// <summary>A short English description for logs and <c>error</c> data (printable ASCII).</summary>
    public string Describe() => Status switch
    {
        MessageDecodeStatus.Decoded => $"decoded type {RawType}",
        MessageDecodeStatus.UnknownOddType => $"unknown odd message type {RawType}",
        MessageDecodeStatus.UnknownEvenType => $"unknown even message type {RawType}",
        _ when ExtensionFailure is { } tlv => $"malformed message type {RawType}: extension TLV {tlv}",
        _ => $"malformed message type {RawType}: {Failure}",
    };
}
