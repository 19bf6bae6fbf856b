namespace LnRelay.Orchestrator.Tests;

/// <summary>
/// The tests that each run a whole network (five node processes, or nodes in this process, with
/// payments): they run one after another, so that on a two-core machine they do not starve each
/// other's deadlines, while the lighter tests run beside them. BenchNetworkTests loads the
/// machine too; it captures the console, so it is in <see cref="ConsoleCapture"/>, which runs alone.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NetworkCollection
{
    public const string Name = "whole networks";
}
