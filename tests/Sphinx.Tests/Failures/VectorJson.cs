using System.Text.Json;

namespace LnRelay.Sphinx.Tests.Failures;

/// <summary>Spec vectors (copied to the output folder vectors/), read unchanged.</summary>
internal static class VectorJson
{
    public static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", name)));
        return document.RootElement.Clone();
    }

    public static byte[] HexOf(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);
}
