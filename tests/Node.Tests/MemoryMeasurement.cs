namespace LnRelay.Node.Tests;

/// <summary>Tests that measure the process's managed heap: run alone, never beside another test.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
