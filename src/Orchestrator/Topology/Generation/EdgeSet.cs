namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// The channels of a generated graph as pairs of node indexes, in the order they were added
/// (init funds channels in topology order), with no pair twice and no node paired with itself.
/// </summary>
internal sealed class EdgeSet
{
    private readonly HashSet<long> _keys = [];
    private readonly List<(int A, int B)> _edges = [];
    private readonly int[] _degree;

    public EdgeSet(int nodes) => _degree = new int[nodes];

    public IReadOnlyList<(int A, int B)> Edges => _edges;

    public IReadOnlyList<int> Degrees => _degree;

    public int Count => _edges.Count;

    /// <summary>Adds the channel a–b unless a == b or the pair already has one; true when added.</summary>
    public bool TryAdd(int a, int b)
    {
        if (a == b || !_keys.Add(((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b)))
        {
            return false;
        }

        _edges.Add((a, b));
        _degree[a]++;
        _degree[b]++;
        return true;
    }
}
