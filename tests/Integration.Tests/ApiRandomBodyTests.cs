using System.Globalization;
using System.Text;

namespace LnRelay.Integration.Tests;

/// <summary>
/// Seeded random bodies posted to every route that reads one (every parser of outside input gets a seeded random-input test, for
/// the API's parser): whatever arrives, the answer is a 2xx or a 4xx, never a 500.
/// </summary>
public sealed class ApiRandomBodyTests(ApiNetworkFixture fixture) : IClassFixture<ApiNetworkFixture>
{
    private const int BodiesPerRoute = 150;

    private static readonly (string Method, string Path, string[] Fields)[] Routes =
    [
        ("POST", "/v1/invoices", ["amount_msat", "description", "expiry_seconds", "min_final_cltv_expiry_delta"]),
        ("POST", "/v1/payments", ["payee", "amount_msat", "payment_hash", "payment_secret", "min_final_cltv_expiry_delta", "timeout_seconds"]),
        ("PATCH", $"/v1/channels/{ApiNetworkFixture.Channel}/policy", ["fee_base_msat", "fee_proportional_millionths", "cltv_expiry_delta", "htlc_minimum_msat", "htlc_maximum_msat", "enabled"]),
        ("PATCH", "/v1/channels/RANDOM/policy", ["fee_base_msat", "enabled"]),
        ("POST", "/v1/chain/height", ["height"]),
        ("PUT", "/v1/faults", ["corrupt_forwarded_onions", "forward_delay_ms", "drop_peer_after_messages", "refuse_to_forward"]),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_bodies_never_get_a_500(int seed)
    {
        var random = new Random(seed);
        try
        {
            foreach (var (method, path, fields) in Routes)
            {
                for (var i = 0; i < BodiesPerRoute; i++)
                {
                    var target = path.Replace("RANDOM", Uri.EscapeDataString(RandomText(random, 12)), StringComparison.Ordinal);
                    var body = RandomBody(random, fields);
                    var (status, _, text) = await fixture.SendAsync("alice", new HttpMethod(method), target, body);
                    Assert.True(status is >= 200 and < 500, $"seed {seed}: {method} {target} with {body ?? "(no body)"} gave {status}: {text}");
                }
            }
        }
        finally
        {
            // Random fault settings must not leak into other tests on the shared fixture.
            await fixture.SendAsync("alice", HttpMethod.Put, "/v1/faults", """{"corrupt_forwarded_onions": false, "forward_delay_ms": 0, "drop_peer_after_messages": 0, "refuse_to_forward": false}""");
        }
    }

    /// <summary>Mostly objects with the route's fields holding values of random types and sizes; sometimes plain garbage.</summary>
    private static string? RandomBody(Random random, string[] fields)
    {
        switch (random.Next(10))
        {
            case 0:
                return null;
            case 1:
                return RandomText(random, random.Next(0, 40));
            case 2:
                return RandomValue(random, depth: 1);
            default:
                var members = fields.Where(_ => random.Next(3) > 0)
                    .Select(f => $"\"{f}\": {RandomValue(random, depth: 0)}")
                    .Concat(random.Next(5) == 0 ? [$"\"{RandomText(random, 5)}\": 1"] : []);
                var json = "{" + string.Join(", ", members) + "}";
                // Sometimes cut it short: a body that ends mid-value.
                return random.Next(8) == 0 && json.Length > 2 ? json[..random.Next(1, json.Length)] : json;
        }
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 9 : 11) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        3 => ((ulong)random.NextInt64() * 2).ToString(CultureInfo.InvariantCulture),
        4 => "18446744073709551616",
        5 => (random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture),
        6 => "\"" + Convert.ToHexStringLower(RandomBytes(random, random.Next(0, 40))) + "\"",
        7 => "\"" + new[] { "alice", "bob", "zed", "", "800000x1x0" }[random.Next(5)] + "\"",
        8 => "\"" + RandomText(random, random.Next(0, 20)).Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal) + "\"",
        9 => "[" + RandomValue(random, depth + 1) + "]",
        _ => "{\"x\": " + RandomValue(random, depth + 1) + "}",
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(32, 127));
        }

        return text.ToString();
    }
}
