using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Transport.Framing;

namespace LnRelay.Transport.Tests.Handshake;

/// <summary>
/// Known-answer vectors for the STS transport (tests/vectors/transport-sts-vectors.json,
/// documented in docs/transport.md "Test vectors"). The file is read unchanged and
/// each value is checked on its own, so a failure names the first step that differs.
/// </summary>
public sealed class TransportVectorTests
{
    private const string FileName = "transport-sts-vectors.json";
    private const string RegenerateVariable = "LNRELAY_WRITE_TRANSPORT_VECTORS";

    private static readonly Lazy<Dictionary<string, string>> Expected = new(() => Flatten(JsonNode.Parse(File.ReadAllText(VectorPath()))!));
    private static readonly Lazy<Dictionary<string, string>> Actual = new(() => Flatten(TransportVectorBuilder.Build()));

    public static TheoryData<string> Fields()
    {
        var data = new TheoryData<string>();
        foreach (var key in Flatten(JsonNode.Parse(File.ReadAllText(VectorPath()))!).Keys.Order(StringComparer.Ordinal))
        {
            data.Add(key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void VectorFile_Field_MatchesImplementation(string field)
    {
        Assert.True(Actual.Value.TryGetValue(field, out var actual), $"implementation has no {field}");
        Assert.Equal(Expected.Value[field], actual);
    }

    [Fact]
    public void VectorFile_HasEveryValueTheImplementationProduces() =>
        Assert.Equal(Actual.Value.Keys.Order(StringComparer.Ordinal), Expected.Value.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void VectorFile_Frames_DecryptOnTheOtherSide()
    {
        // Reads the file alone: a fresh responder decryptor built from the file's keys opens
        // every frame in order up to the last recorded one.
        using var file = JsonDocument.Parse(File.ReadAllText(VectorPath()));
        var root = file.RootElement;
        var transport = root.GetProperty("transport");
        var key = Convert.FromHexString(transport.GetProperty("initiator_send_key").GetString()!);
        var ck = Convert.FromHexString(transport.GetProperty("chaining_key").GetString()!);
        var message = Convert.FromHexString(root.GetProperty("message").GetString()!);
        using var decryptor = new FrameDecryptor(new FrameCipherState(key, ck));
        using var encryptor = new FrameEncryptor(new FrameCipherState(key, ck));
        var frame = new byte[FrameSizes.FrameFor(message.Length)];
        var plain = new byte[message.Length];
        var recorded = root.GetProperty("initiator_to_responder").EnumerateArray()
            .ToDictionary(e => e.GetProperty("index").GetInt32(), e => Convert.FromHexString(e.GetProperty("frame").GetString()!));
        for (var i = 0; i <= recorded.Keys.Max(); i++)
        {
            encryptor.Encrypt(message, frame);
            var wire = recorded.TryGetValue(i, out var fromFile) ? fromFile : frame;
            Assert.True(decryptor.TryReadHeader(wire.AsSpan(0, FrameSizes.Header), out var bodySize, out _), $"header {i}");
            Assert.True(decryptor.TryReadBody(wire.AsSpan(FrameSizes.Header, bodySize), plain, out _), $"body {i}");
            Assert.Equal(message, plain);
        }
    }

    [Fact]
    public void VectorFile_Signatures_VerifyAgainstStaticKeys()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(VectorPath()));
        var root = file.RootElement;
        var handshake = root.GetProperty("handshake");
        bool Verify(string party, string sig, string message) =>
            PublicKey.Parse(Convert.FromHexString(root.GetProperty(party).GetProperty("static_public").GetString()!)).ToXOnly()
                .VerifySchnorr(Convert.FromHexString(handshake.GetProperty(sig).GetString()!), Convert.FromHexString(handshake.GetProperty(message).GetString()!));

        Assert.True(Verify("responder", "sig_r", "responder_signed_message"));
        Assert.True(Verify("initiator", "sig_i", "initiator_signed_message"));
    }

    /// <summary>
    /// THE GENERATOR. Does nothing unless LNRELAY_WRITE_TRANSPORT_VECTORS=1, then
    /// (re)writes tests/vectors/transport-sts-vectors.json in the source tree. The file
    /// was written once this way; regenerating it is a protocol change (docs/transport.md).
    /// </summary>
    [Fact]
    public void Generator_WritesVectorFile_OnlyWhenAsked()
    {
        if (Environment.GetEnvironmentVariable(RegenerateVariable) != "1")
        {
            return;
        }

        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var json = TransportVectorBuilder.Build().ToJsonString(options) + "\n";
        File.WriteAllText(SourceVectorPath(), json);
    }

    private static string VectorPath() => Path.Combine(AppContext.BaseDirectory, "vectors", FileName);

    private static string SourceVectorPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "vectors");
            if (Directory.Exists(candidate))
            {
                return Path.Combine(candidate, FileName);
            }
        }

        throw new DirectoryNotFoundException("tests/vectors not found above the test assembly.");
    }

    private static Dictionary<string, string> Flatten(JsonNode root)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        Walk(child, path.Length == 0 ? name : $"{path}.{name}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]");
                    }

                    break;
                default:
                    values[path] = node?.ToJsonString() ?? "null";
                    break;
            }
        }

        Walk(root, string.Empty);
        return values;
    }
}
