namespace LnRelay.Wire;

/// <summary>
/// An owned copy of one TLV record, typically an unknown odd record a message keeps so it can
/// be shown or re-encoded. Equality compares type and value bytes.
/// </summary>
public sealed class TlvRecordData : IEquatable<TlvRecordData>
{
    private readonly byte[] _value;

    public TlvRecordData(ulong type, ReadOnlySpan<byte> value)
    {
        Type = type;
        _value = value.ToArray();
    }

    /// <summary>The record's type.</summary>
    public ulong Type { get; }

    /// <summary>The record's value bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    public bool Equals(TlvRecordData? other) =>
        other is not null && Type == other.Type && _value.AsSpan().SequenceEqual(other._value);

    public override bool Equals(object? obj) => Equals(obj as TlvRecordData);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Type}:{Convert.ToHexStringLower(_value)}";
}
