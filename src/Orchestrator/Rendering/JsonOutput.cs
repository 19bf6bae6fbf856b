using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>
/// The machine-readable output of the debugging verbs: one JSON object per line on
/// stdout, snake_case keys, nothing else on stdout (diagnostics go to stderr).
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one object as a single line.</summary>
    public static void WriteLine(JsonObject value)
    {
        Console.Out.WriteLine(value.ToJsonString(Options));
        Console.Out.Flush();
    }

    /// <summary>Lowercase hex, the only byte encoding the verbs print.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
