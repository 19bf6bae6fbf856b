namespace LnRelay.Wire;

/// <summary>
/// Reads a TLV stream record by record (BOLT 1, "Type-Length-Value Format"), enforcing the
/// stream-level reader rules: minimal BigSize type and length, strictly increasing types
/// (duplicates refused, ignored odd records included), a length bounded by the bytes left
/// (checked before anything is sliced, never allocated), and unknown even types refused.
/// Unknown odd records are returned with <see cref="TlvRecord.IsKnown"/> false so the
/// caller may skip or keep them. Per-type value rules belong to the caller, through the
/// <see cref="TlvRecord"/> helpers. Allocation-free.
/// </summary>
/// <example>
/// <code>
/// var reader = new TlvReader(stream, KnownTypes);
/// while (reader.TryRead(out TlvRecord record)) { ... }
/// if (reader.Failure is { } failure) { ... }
/// </code>
/// </example>
public ref struct TlvReader
{
    private readonly ReadOnlySpan<byte> _stream;
    private readonly ReadOnlySpan<ulong> _knownTypes;
    private readonly int _baseOffset;
    private int _position;
    private ulong? _previousType;

    /// <param name="stream">The whole TLV stream (it ends when no bytes remain).</param>
    /// <param name="knownTypes">The types the caller understands, in any order; unknown even types are refused.</param>
    /// <param name="baseOffset">Added to reported offsets, so they can count from the start of an enclosing buffer.</param>
    public TlvReader(ReadOnlySpan<byte> stream, ReadOnlySpan<ulong> knownTypes, int baseOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseOffset);
        _stream = stream;
        _knownTypes = knownTypes;
        _baseOffset = baseOffset;
        _position = 0;
        _previousType = null;
        Failure = null;
    }

    /// <summary>Set when <see cref="TryRead"/> stopped on a refused stream; null at a clean end.</summary>
    public TlvFailure? Failure { get; private set; }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>
    /// Reads the next record. Returns false at the end of the stream (then <see cref="Failure"/> is null)
    /// or when the stream is refused (then <see cref="Failure"/> says why); it keeps returning false after that.
    /// </summary>
    public bool TryRead(out TlvRecord record)
    {
        record = default;
        if (Failure is not null || _position == _stream.Length)
        {
            return false;
        }

        int recordStart = _position;
        ReadOnlySpan<byte> rest = _stream[_position..];

        BigSizeReadStatus typeStatus = BigSize.TryRead(rest, out ulong type, out int typeSize);
        if (typeStatus != BigSizeReadStatus.Ok)
        {
            return Refuse(typeStatus == BigSizeReadStatus.NotMinimal ? TlvFailureReason.TypeNotMinimal : TlvFailureReason.TypeTruncated, null, recordStart);
        }

        if (_previousType is { } previous && type <= previous)
        {
            return Refuse(type == previous ? TlvFailureReason.DuplicateType : TlvFailureReason.TypesNotIncreasing, type, recordStart);
        }

        rest = rest[typeSize..];
        BigSizeReadStatus lengthStatus = BigSize.TryRead(rest, out ulong length, out int lengthSize);
        switch (lengthStatus)
        {
            case BigSizeReadStatus.EndOfInput:
                return Refuse(TlvFailureReason.LengthMissing, type, recordStart);
            case BigSizeReadStatus.Truncated:
                return Refuse(TlvFailureReason.LengthTruncated, type, recordStart);
            case BigSizeReadStatus.NotMinimal:
                return Refuse(TlvFailureReason.LengthNotMinimal, type, recordStart);
            default:
                break;
        }

        rest = rest[lengthSize..];
        // Bound the length by what is left before using it for anything (a hostile length can be 2^64-1).
        if (length > (ulong)rest.Length)
        {
            return Refuse(rest.IsEmpty ? TlvFailureReason.ValueMissing : TlvFailureReason.ValueTruncated, type, recordStart);
        }

        bool isKnown = _knownTypes.Contains(type);
        if (!isKnown && type % 2 == 0)
        {
            return Refuse(TlvFailureReason.UnknownEvenType, type, recordStart);
        }

        int valueLength = (int)length;
        _position = recordStart + typeSize + lengthSize + valueLength;
        _previousType = type;
        record = new TlvRecord(type, rest[..valueLength], _baseOffset + recordStart, isKnown);
        return true;
    }

    private bool Refuse(TlvFailureReason reason, ulong? type, int recordStart)
    {
        Failure = new TlvFailure(reason, type, _baseOffset + recordStart);
        return false;
    }
}
