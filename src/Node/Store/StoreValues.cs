namespace LnRelay.Node.Store;

/// <summary>
/// SQLite integers are signed 64-bit: an unsigned value is stored as its bit pattern
/// (a u64 above 2^63-1, such as an unlimited htlc_maximum_msat, reads back negative in
/// the sqlite3 shell, and exactly here). Every amount up to 21 million BTC is positive.
/// </summary>
internal static class StoreValues
{
    public static long ToColumn(ulong value) => unchecked((long)value);

    public static ulong FromColumn(long value) => unchecked((ulong)value);

    public static long ToColumn(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset TimeFromColumn(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
