using LnRelay.Wire;

namespace LnRelay.Sphinx.Failures;

/// <summary>Why a failuremsg could not be read.</summary>
public enum FailureMessageDecodeErrorReason
{
    /// <summary>Fewer than 2 bytes: no failure_code.</summary>
    MissingCode,

    /// <summary>The code's data fields run past the end.</summary>
    DataTruncated,

    /// <summary>The channel_update's u16 len runs past the end.</summary>
    ChannelUpdateLengthPastEnd,

    /// <summary>invalid_onion_payload's bigsize type is truncated or not minimal.</summary>
    InvalidPayloadType,

    /// <summary>The trailing TLV stream is invalid; <see cref="FailureMessageDecodeError.Tlv"/> says how.</summary>
    InvalidExtension,
}

/// <summary>A failuremsg decode failure: why, and the byte offset in the failuremsg where it happened.</summary>
public readonly record struct FailureMessageDecodeError(FailureMessageDecodeErrorReason Reason, int Offset, TlvFailure? Tlv = null);
