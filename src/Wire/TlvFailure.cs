namespace LnRelay.Wire;

/// <summary>Why a TLV stream was refused (BOLT 1, "Type-Length-Value Format", reader requirements).</summary>
public enum TlvFailureReason
{
    /// <summary>The type's BigSize prefix announces more bytes than remain.</summary>
    TypeTruncated,

    /// <summary>The type is not minimally encoded.</summary>
    TypeNotMinimal,

    /// <summary>The stream ends right after a type: no length at all.</summary>
    LengthMissing,

    /// <summary>The length's BigSize prefix announces more bytes than remain.</summary>
    LengthTruncated,

    /// <summary>The length is not minimally encoded.</summary>
    LengthNotMinimal,

    /// <summary>The length is non-zero but the stream ends right after it.</summary>
    ValueMissing,

    /// <summary>The length exceeds the bytes left in the stream.</summary>
    ValueTruncated,

    /// <summary>An even type the reader does not know ("it's OK to be odd").</summary>
    UnknownEvenType,

    /// <summary>A type lower than the previous one.</summary>
    TypesNotIncreasing,

    /// <summary>A type equal to the previous one.</summary>
    DuplicateType,

    /// <summary>A known type whose value is shorter than its encoding needs.</summary>
    ValueTooShort,

    /// <summary>A known type whose value is longer than its encoding allows.</summary>
    ValueTooLong,

    /// <summary>A truncated integer with a leading zero byte.</summary>
    TruncatedIntNotMinimal,

    /// <summary>A known type whose value has the right size but is not acceptable (an invalid point, an amount over the ceiling, ...).</summary>
    InvalidValue,

    /// <summary>A required type is absent (a record-level rule of the message that owns the stream).</summary>
    MissingRequiredType,

    /// <summary>A type that is known but not allowed in this context.</summary>
    ForbiddenType,
}

/// <summary>
/// A refused TLV stream: why, which type (null when the type itself could not be read),
/// and the byte offset of the offending record's start, counted from the caller's base offset.
/// </summary>
public readonly record struct TlvFailure(TlvFailureReason Reason, ulong? Type, int Offset)
{
    public override string ToString() =>
        Type is { } type ? $"{Reason} (type {type}, offset {Offset})" : $"{Reason} (offset {Offset})";
}
