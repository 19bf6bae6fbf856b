using System.Text.Json;
using LnRelay.Orchestrator.Cli;

namespace LnRelay.Orchestrator.Tests;

/// <summary>Console.Out is process-wide: CLI tests that capture it never run in parallel with each other.</summary>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>The <c>onion</c> verbs through LnRelayCli.RunAsync, against the BOLT 4 vectors.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed partial class OnionCliTests
{
    private const string AssociatedData = "4242424242424242424242424242424242424242424242424242424242424242";

    private static string VectorPath(string name) => Path.Combine(AppContext.BaseDirectory, "vectors", name);

    private static JsonElement Vector(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(VectorPath(name)));
        return document.RootElement.Clone();
    }

    private static async Task<(int ExitCode, JsonElement? Output, string Error)> Run(params string[] args)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        int code;
        try
        {
            code = await LnRelayCli.RunAsync(args, error);
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonElement? json = null;
        if (lines.Length > 0)
        {
            using var document = JsonDocument.Parse(lines[^1]);
            json = document.RootElement.Clone();
        }

        return (code, json, error.ToString());
    }

    private static string Onion() => Vector("onion-test.json").GetProperty("onion").GetString()!;

    [Fact]
    public async Task Create_FromOnionTestJson_PrintsTheExactOnion()
    {
        var (code, output, error) = await Run("onion", "create", VectorPath("onion-test.json"));
        Assert.True(code == 0, error);
        Assert.Equal(Onion(), output!.Value.GetProperty("onion").GetString());
    }

    [Fact]
    public async Task Create_FromTheGenerateObjectAlone_PrintsTheExactOnion()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, Vector("onion-test.json").GetProperty("generate").GetRawText());
            var (code, output, _) = await Run("onion", "create", file);
            Assert.Equal(0, code);
            Assert.Equal(Onion(), output!.Value.GetProperty("onion").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Peel_EveryHop_FollowsTheIntermediates()
    {
        var hops = Vector("derived-onion-test-intermediates.json").GetProperty("hops").EnumerateArray().ToArray();
        var onion = Onion();
        for (var i = 0; i < hops.Length; i++)
        {
            var (code, output, error) = await Run("onion", "peel", "--privkey", hops[i].GetProperty("node_privkey").GetString()!, "--assoc-data", AssociatedData, "--onion", onion);
            Assert.True(code == 0, error);
            var result = output!.Value;
            Assert.Equal(hops[i].GetProperty("payload_tlv").GetString(), result.GetProperty("payload").GetString());
            Assert.Equal(hops[i].GetProperty("shared_secret").GetString(), result.GetProperty("shared_secret").GetString());
            var final = hops[i].GetProperty("is_final").GetBoolean();
            Assert.Equal(final, result.GetProperty("final").GetBoolean());
            if (final)
            {
                Assert.Equal(JsonValueKind.Null, result.GetProperty("next_onion").ValueKind);
            }
            else
            {
                onion = result.GetProperty("next_onion").GetString()!;
                Assert.Equal(hops[i + 1].GetProperty("incoming_onion").GetString(), onion);
            }
        }
    }

    [Fact]
    public async Task Peel_WithTheWrongKey_IsRefusedWithInvalidOnionHmac()
    {
        var (code, output, _) = await Run("onion", "peel", "--privkey", new string('4', 63) + "3", "--assoc-data", AssociatedData, "--onion", Onion());
        Assert.Equal(1, code);
        Assert.Equal("invalid_onion_hmac", output!.Value.GetProperty("error").GetString());
        Assert.Equal(0xC005, output.Value.GetProperty("failure_code").GetInt32());
        Assert.Equal(64, output.Value.GetProperty("sha256_of_onion").GetString()!.Length);
    }

    [Fact]
    public async Task Peel_WithABadVersion_IsRefusedWithInvalidOnionVersion()
    {
        var onion = "01" + Onion()[2..];
        var (code, output, _) = await Run("onion", "peel", "--privkey", new string('4', 64).Replace("44", "41", StringComparison.Ordinal), "--assoc-data", AssociatedData, "--onion", onion);
        Assert.Equal(1, code);
        Assert.Equal("invalid_onion_version", output!.Value.GetProperty("error").GetString());
        Assert.Equal(0xC004, output.Value.GetProperty("failure_code").GetInt32());
    }

    [Theory]
    [InlineData("onion", "peel", "--privkey", "41", "--assoc-data", "42", "--onion", "00")]
    [InlineData("onion", "peel", "--assoc-data", "42")]
    [InlineData("onion", "create", "/no/such/file.json")]
    [InlineData("onion", "frobnicate")]
    [InlineData("onion", "fail", "--shared-secret", "zz", "--failure-message", "2002")]
    public async Task UsageErrors_ExitWithTwo(params string[] args)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("lnrelay:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailWrapDecode_ReproduceTheReturnPathVector_AndBlameHop4()
    {
        var vector = Vector("bolt04-failure-vectors.json");
        var message = vector.GetProperty("failure_message").GetProperty("failuremsg_derived").GetString()!;
        var path = vector.GetProperty("return_path").EnumerateArray().ToArray();
        string? packet = null;
        foreach (var hop in path)
        {
            var secret = hop.GetProperty("shared_secret").GetString()!;
            var (code, output, error) = packet is null
                ? await Run("onion", "fail", "--shared-secret", secret, "--failure-message", message, "--pad-to", "1024")
                : await Run("onion", "wrap", "--shared-secret", secret, "--packet", packet);
            Assert.True(code == 0, error);
            packet = output!.Value.GetProperty("packet").GetString();
        }

        Assert.Equal(path[^1].GetProperty("error_packet").GetString(), packet);

        var parameters = vector.GetProperty("parameters");
        var args = new List<string> { "onion", "decode-failure", "--session-key", parameters.GetProperty("session_key").GetString()!, "--packet", packet! };
        foreach (var hop in parameters.GetProperty("hops").EnumerateArray())
        {
            args.Add("--hop");
            args.Add(hop.GetProperty("pubkey").GetString()!);
        }

        var (decodeCode, decoded, decodeError) = await Run([.. args]);
        Assert.True(decodeCode == 0, decodeError);
        Assert.Equal(4, decoded!.Value.GetProperty("hop_index").GetInt32());
        Assert.Equal(0x400F, decoded.Value.GetProperty("failure_code").GetInt32());
        Assert.Equal("incorrect_or_unknown_payment_details", decoded.Value.GetProperty("failure_name").GetString());
        Assert.Equal(message, decoded.Value.GetProperty("failure_message").GetString());
    }

    [Fact]
    public async Task DecodeFailure_OfGarbage_IsUnattributable()
    {
        var (code, output, _) = await Run("onion", "decode-failure", "--session-key", new string('4', 63) + "1", "--hop", "02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619", "--packet", new string('0', 600));
        Assert.Equal(1, code);
        Assert.Equal("unattributable", output!.Value.GetProperty("error").GetString());
    }
}
