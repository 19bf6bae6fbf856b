namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests each run a whole network and load it on purpose (hundreds of
/// payments, 200 at once): they run one after another, so that on a two-core machine
/// they do not starve each other's deadlines, while the lighter tests run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end networks";
}
