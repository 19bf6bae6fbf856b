namespace LnRelay.Node.Store;

/// <summary>
/// One value bound to a <see cref="StoreStatement"/>'s parameter: an integer, a blob, a text or
/// NULL, without boxing (a commit binds about fifty of them: docs/performance.md, "Durable
/// commits, session 7").
/// </summary>
internal readonly struct StoreValue
{
    private readonly long _integer;
    private readonly object? _reference;

    private StoreValue(long integer, object? reference, bool isInteger)
    {
        _integer = integer;
        _reference = reference;
        IsInteger = isInteger;
    }

    public bool IsInteger { get; }

    /// <summary>The integer (when <see cref="IsInteger"/>).</summary>
    public long Integer => _integer;

    /// <summary>A <c>byte[]</c> (a blob), a <c>string</c> (a text) or null (NULL), when not <see cref="IsInteger"/>.</summary>
    public object? Reference => _reference;

    public static implicit operator StoreValue(long value) => new(value, null, isInteger: true);

    public static implicit operator StoreValue(byte[]? value) => new(0, value, isInteger: false);

    public static implicit operator StoreValue(string? value) => new(0, value, isInteger: false);
}
