using System.Text.Json;

namespace LnRelay.Chain.Tests;

internal static class VectorFile
{
    public static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", name))).RootElement;
}
