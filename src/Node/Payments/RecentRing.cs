namespace LnRelay.Node.Payments;

/// <summary>
/// The most recent <see cref="Capacity"/> values added, the oldest overwritten first; each is found
/// again by the sequence number <see cref="Add"/> gave it, while it is kept. The values sit in one
/// array (no object per value), which grows by doubling up to <see cref="Capacity"/>, so a node that
/// keeps little holds little. Not thread-safe: its owner locks.
/// </summary>
internal sealed class RecentRing<T>
    where T : struct
{
    private const int FirstLength = 16;

    private T[] _values = [];

    // Values ever added: the next one's sequence number.
    private long _added;

    public RecentRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => (int)Math.Min(_added, Capacity);

    /// <summary>The sequence number of the oldest value kept.</summary>
    private long Oldest => _added - Count;

    /// <summary>
    /// Keeps <paramref name="value"/>, returning its sequence number; when the ring was full, the
    /// oldest value made room and comes back in <paramref name="evicted"/> (with its sequence number).
    /// </summary>
    public long Add(in T value, out (long Sequence, T Value)? evicted)
    {
        if (_added < Capacity && _added == _values.Length)
        {
            // Until the ring first fills, value n sits at index n: growing keeps every index.
            Array.Resize(ref _values, (int)Math.Min(Capacity, Math.Max(FirstLength, 2L * _values.Length)));
        }

        var index = (int)(_added % Capacity);
        evicted = _added >= Capacity ? (_added - Capacity, _values[index]) : null;
        _values[index] = value;
        return _added++;
    }

    /// <summary>The value with this sequence number, if it is still kept.</summary>
    public bool TryGet(long sequence, out T value)
    {
        if (sequence < Oldest || sequence >= _added)
        {
            value = default;
            return false;
        }

        value = _values[(int)(sequence % Capacity)];
        return true;
    }

    /// <summary>The values kept, oldest first.</summary>
    public IEnumerable<T> OldestFirst()
    {
        for (var sequence = Oldest; sequence < _added; sequence++)
        {
            yield return _values[(int)(sequence % Capacity)];
        }
    }
}
