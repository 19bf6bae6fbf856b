using System.Text.Json;

namespace LnRelay.Node.Api;

/// <summary>
/// The one JSON shape of lnrelay's own data (docs/control-api.md): snake_case property and
/// dictionary keys, .NET's web defaults otherwise. The control API answers in it, the store keeps
/// payments in it, the CLI's client reads and writes it, and the CLI's files (results.json, the
/// knowledge report, the supervisor's control files) start from it and only add indentation.
/// network.json has its own, stricter reader (<see cref="Network.NetworkJson"/>).
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The same, indented, for files people read.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
