namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// What to generate. <see cref="MeanDegree"/> null: the model's own (scale-free: what its
/// degree weights add up to; random: <see cref="TopologyGenerator.RandomMeanDegree"/>).
/// <see cref="Network"/> null: "MODEL-N".
/// </summary>
internal sealed record GeneratorOptions(int Nodes, TopologyModel Model, ulong Seed, double? MeanDegree = null, string? Network = null);
