namespace LnRelay.Node;

/// <summary>
/// What a loader of a file or folder returns (docs/architecture.md, "Naming what did not work"):
/// the value, or every problem it found, each a sentence with the fix. Success is defined once,
/// here: a value and no problem. The loaders' own results (<c>NetworkLoadResult</c>,
/// <c>DataFolderLoadResult</c>, the CLI's <c>TopologyResult</c>) derive from it and only name the value.
/// </summary>
public abstract record LoadResult<T>(T? Value, IReadOnlyList<string> Errors)
    where T : class
{
    public bool Succeeded => Value is not null && Errors.Count == 0;
}
