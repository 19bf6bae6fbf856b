using System.Text.Json;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// The JSON the page reads: snake_case, compact, non-ASCII kept (the knowledge table's † ‡ §).
/// <see cref="ForScriptElement"/> escapes every '&lt;' as \u003c, so no string in the data can
/// close the &lt;script&gt; element it is inlined in ('&lt;' can only occur inside JSON strings).
/// </summary>
internal static class WebJson
{
    /// <summary>The knowledge report's JSON options (snake_case, † ‡ § kept), compact.</summary>
    public static readonly JsonSerializerOptions Options = new(KnowledgeJson.Options) { WriteIndented = false };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static string ForScriptElement<T>(T value) => Serialize(value).Replace("<", "\\u003c", StringComparison.Ordinal);
}
