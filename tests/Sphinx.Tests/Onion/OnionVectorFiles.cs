using System.Text.Json;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>
/// The BOLT 4 onion vectors as the spec ships them (copied to the output folder
/// <c>vectors/</c> by tests/Directory.Build.props), read unchanged.
/// </summary>
internal static class OnionVectorFiles
{
    public static JsonElement OnionTest() => Load("onion-test.json");

    public static JsonElement Intermediates() => Load("derived-onion-test-intermediates.json");

    public static byte[] Hex(this JsonElement element, string property) =>
        Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "vectors", name);

    private static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path(name)));
        return document.RootElement.Clone();
    }
}
