using System.Text.Json;

namespace LnRelay.Orchestrator.Cli;

/// <summary>Reading the BOLT 4 vector-shaped JSON files the <c>onion</c> verbs take; every problem is a <see cref="UsageException"/>.</summary>
internal static class OnionJson
{
    /// <summary>The file's root object, or its <c>generate</c> object when it is a whole vector file.</summary>
    public static JsonElement GenerateObject(string text)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"FILE: not JSON ({e.Message}).");
        }

        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("generate", out var generate) ? generate : root;
    }

    /// <summary>A required string property.</summary>
    public static string Text(JsonElement element, string property, string where = "FILE") =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new UsageException($"{where}: '{property}' (a hex string) is missing.");

    /// <summary>A required non-negative integer property.</summary>
    public static ulong Number(JsonElement element, string property, string where = "FILE") =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number)
            ? number
            : throw new UsageException($"{where}: '{property}' (a non-negative integer) is missing.");

    /// <summary>A required non-empty array property.</summary>
    public static JsonElement[] Array(JsonElement element, string property, string expected) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            ? [.. value.EnumerateArray()]
            : throw new UsageException($"FILE: expected {expected}.");
}
