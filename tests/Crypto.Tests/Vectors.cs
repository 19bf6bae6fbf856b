using System.Text.Json;

namespace LnRelay.Crypto.Tests;

/// <summary>Reads vector files copied next to the test assembly from tests/vectors.</summary>
internal static class Vectors
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "vectors", fileName);

    public static JsonElement Json(string fileName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf(fileName)));
        return doc.RootElement.Clone();
    }

    public static byte[] Hex(this JsonElement e, string property) => Convert.FromHexString(e.GetProperty(property).GetString()!);
}
