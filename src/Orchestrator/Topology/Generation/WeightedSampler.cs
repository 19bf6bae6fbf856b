namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// Draws an index with probability proportional to its weight: a running sum and a binary
/// search, O(log n) per draw. <see cref="DrawBelow"/> restricts the draw to a prefix
/// (the nodes already placed while the backbone grows).
/// </summary>
internal sealed class WeightedSampler
{
    private readonly double[] _cumulative;

    public WeightedSampler(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
        }
    }

    public int Draw(SeededRandom random) => DrawBelow(random, _cumulative.Length);

    /// <summary>An index in [0, <paramref name="count"/>) drawn by weight.</summary>
    public int DrawBelow(SeededRandom random, int count)
    {
        var target = random.NextDouble() * _cumulative[count - 1];
        var index = Array.BinarySearch(_cumulative, 0, count, target);
        // Not found: the complement is the first running sum above the target.
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, count - 1);
    }
}
