using System.Text.Encodings.Web;
using System.Text.Json;
using LnRelay.Node.Api;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// The machine-readable form of a <see cref="KnowledgeReport"/>: one indented JSON
/// object, snake_case keys; each "knew_…" cell is {known, why, mark, cell}.
/// </summary>
internal static class KnowledgeJson
{
    internal static readonly JsonSerializerOptions Options = new(ApiJson.Indented) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(KnowledgeReport report, string? chosen = null) =>
        JsonSerializer.Serialize(new { chosen, report }, Options);

    public static void Write(TextWriter output, KnowledgeReport report, string? chosen = null) =>
        output.WriteLine(Serialize(report, chosen));
}
