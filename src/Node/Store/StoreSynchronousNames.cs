namespace LnRelay.Node.Store;

/// <summary>The names of <see cref="StoreSynchronous"/> in settings and on command lines: <c>full</c> and <c>normal</c>, as SQLite spells the pragma's values.</summary>
public static class StoreSynchronousNames
{
    /// <summary>Every name accepted, in the order to list them.</summary>
    public static IReadOnlyList<string> All { get; } = ["full", "normal"];

    /// <summary>The level named <paramref name="text"/> (any case), or null.</summary>
    public static StoreSynchronous? TryParse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "full" => StoreSynchronous.Full,
        "normal" => StoreSynchronous.Normal,
        _ => null,
    };

    /// <summary>The name of <paramref name="level"/> (<c>full</c> or <c>normal</c>).</summary>
    public static string Name(this StoreSynchronous level) => level == StoreSynchronous.Normal ? "normal" : "full";
}
