using System.Text.Json;

namespace LnRelay.Wire.Tests;

/// <summary>Reads the spec's JSON vectors, copied next to the test assembly under vectors/.</summary>
internal static class VectorFile
{
    public static JsonDocument Open(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", name)));
}
