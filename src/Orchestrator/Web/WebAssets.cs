using System.Net;
using System.Reflection;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// The page's three hand-written files (Web/Assets: page.html, page.css, page.js), embedded in
/// lnrelay, put together into one HTML document: the live page served at GET / and report.html
/// are the same document, differing only in mode and in the data inlined.
/// </summary>
internal static class WebAssets
{
    public const string ReportMode = "report";
    public const string LiveMode = "live";

    private static readonly Lazy<(string Html, string Css, string Js)> Files = new(() => (Read("page.html"), Read("page.css"), Read("page.js")));

    /// <summary>The page. <paramref name="dataJson"/> is the snapshot for a report ("null" live: the page fetches it), already safe for a script element.</summary>
    public static string Page(string mode, string network, string source, string mapSvg, string dataJson)
    {
        var (html, css, js) = Files.Value;
        return html
            .Replace("{{CSS}}", css, StringComparison.Ordinal)
            .Replace("{{JS}}", js, StringComparison.Ordinal)
            .Replace("{{MAP}}", mapSvg, StringComparison.Ordinal)
            .Replace("{{TITLE}}", WebUtility.HtmlEncode($"lnrelay · {network}"), StringComparison.Ordinal)
            .Replace("{{NETWORK}}", WebUtility.HtmlEncode(network), StringComparison.Ordinal)
            .Replace("{{SOURCE}}", WebUtility.HtmlEncode(source), StringComparison.Ordinal)
            .Replace("{{MODE}}", mode, StringComparison.Ordinal)
            .Replace("{{DATA}}", dataJson, StringComparison.Ordinal);
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("web/" + name)
            ?? throw new InvalidOperationException($"lnrelay was built without its web asset {name} (src/Orchestrator/Web/Assets).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
