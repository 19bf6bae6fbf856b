using System.Text.Json;
using static LnRelay.Integration.Tests.ApiNetworkFixture;

namespace LnRelay.Integration.Tests;

/// <summary>Every control API endpoint against real nodes: success, and bad input answered with 400/404 problem details that say what is wrong.</summary>
public sealed class ApiTests(ApiNetworkFixture fixture) : IClassFixture<ApiNetworkFixture>
{
    private static readonly string Hex64 = new('a', 64);

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        var (status, body, _) = await fixture.SendAsync("alice", HttpMethod.Get, "/v1/health", null, token: null);

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("alice", body.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Info_peers_channels_payments_and_faults_read_the_node()
    {
        var (status, info, _) = await fixture.SendAsync("alice", HttpMethod.Get, "/v1/info", null);
        Assert.Equal(200, status);
        Assert.Equal("alice", info.GetProperty("name").GetString());
        Assert.Equal(66, info.GetProperty("node_id").GetString()!.Length);
        Assert.Equal(1, info.GetProperty("channels").GetInt32());
        Assert.True(info.TryGetProperty("block_height", out _));
        Assert.True(info.TryGetProperty("faults", out _));
        Assert.Equal(JsonValueKind.Null, info.GetProperty("block_interval_seconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, info.GetProperty("next_block_at").ValueKind);

        var (_, peers, _) = await fixture.SendAsync("alice", HttpMethod.Get, "/v1/peers", null);
        var bob = Assert.Single(peers.EnumerateArray());
        Assert.Equal("bob", bob.GetProperty("name").GetString());
        Assert.Equal("connected", bob.GetProperty("state").GetString());

        var (_, channels, _) = await fixture.SendAsync("alice", HttpMethod.Get, "/v1/channels", null);
        var channel = Assert.Single(channels.EnumerateArray());
        Assert.Equal(Channel, channel.GetProperty("short_channel_id").GetString());
        Assert.Equal(Capacity, channel.GetProperty("capacity_msat").GetUInt64());
        Assert.True(channel.GetProperty("local_policy").TryGetProperty("fee_base_msat", out _));

        var (paymentsStatus, payments, _) = await fixture.SendAsync("alice", HttpMethod.Get, "/v1/payments", null);
        Assert.Equal(200, paymentsStatus);
        Assert.Equal(JsonValueKind.Array, payments.ValueKind);

        var (faultsStatus, faults, _) = await fixture.SendAsync("alice", HttpMethod.Get, "/v1/faults", null);
        Assert.Equal(200, faultsStatus);
        Assert.True(faults.TryGetProperty("corrupt_forwarded_onions", out _));
    }

    [Fact]
    public async Task An_invoice_then_a_payment_succeeds_and_is_listed_by_hash()
    {
        var (status, invoice, text) = await fixture.SendAsync("bob", HttpMethod.Post, "/v1/invoices", """{"amount_msat": 12345, "description": "coffee", "expiry_seconds": 600}""");
        Assert.Equal(200, status);
        Assert.Equal("bob", invoice.GetProperty("payee").GetString());
        Assert.Equal(12345UL, invoice.GetProperty("amount_msat").GetUInt64());
        Assert.Equal("coffee", invoice.GetProperty("description").GetString());
        var hash = invoice.GetProperty("payment_hash").GetString()!;
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain("preimage", text, StringComparison.Ordinal);

        var pay = $$"""{"payee": "bob", "amount_msat": 12345, "payment_hash": "{{hash}}", "payment_secret": "{{invoice.GetProperty("payment_secret").GetString()}}", "min_final_cltv_expiry_delta": {{invoice.GetProperty("min_final_cltv_expiry_delta").GetInt32()}}}""";
        var (payStatus, result, _) = await fixture.SendAsync("alice", HttpMethod.Post, "/v1/payments", pay);
        Assert.Equal(200, payStatus);
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal(64, result.GetProperty("preimage").GetString()!.Length);

        var (getStatus, got, _) = await fixture.SendAsync("alice", HttpMethod.Get, $"/v1/payments/{hash}", null);
        Assert.Equal(200, getStatus);
        Assert.Equal("succeeded", got.GetProperty("status").GetString());

        // The same invoice again: the payment hash is already paid.
        var (againStatus, again, _) = await fixture.SendAsync("alice", HttpMethod.Post, "/v1/payments", pay);
        Assert.Equal(200, againStatus);
        Assert.Equal("failed", again.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null, "amount_msat")]
    [InlineData("", "amount_msat")]
    [InlineData("null", "amount_msat")]
    [InlineData("{}", "amount_msat")]
    [InlineData("""{"amount_msat": 0}""", "amount_msat")]
    [InlineData("""{"amount_msat": 2100000000000000001}""", "21 million BTC")]
    [InlineData("""{"amount_msat": 1, "expiry_seconds": 0}""", "expiry_seconds")]
    [InlineData("""{"amount_msat": 1, "expiry_seconds": 31536001}""", "expiry_seconds")]
    [InlineData("""{"amount_msat": 1, "min_final_cltv_expiry_delta": 0}""", "min_final_cltv_expiry_delta")]
    [InlineData("""{"amount_msat": 1, "min_final_cltv_expiry_delta": 2017}""", "min_final_cltv_expiry_delta")]
    [InlineData("""{"amount_msat": "lots"}""", "amount_msat")]
    [InlineData("""{"amount_msat": -5}""", "amount_msat")]
    [InlineData("""{"amount_msat": 1.5}""", "amount_msat")]
    [InlineData("""{"amount_msat": 18446744073709551616}""", "amount_msat")]
    [InlineData("""{"amount_msat": 1, "description": 7}""", "description")]
    [InlineData("""{"amount_msat": 1""", "")]
    [InlineData("[1, 2]", "")]
    [InlineData("garbage", "")]
    public async Task Bad_invoice_requests_get_400_with_a_detail_naming_the_problem(string? body, string mentions)
    {
        var (status, problem, text) = await fixture.SendAsync("bob", HttpMethod.Post, "/v1/invoices", body);

        Assert.True(status == 400, $"{status} {text}");
        Assert.NotEqual("", Detail(problem));
        Assert.Contains(mentions, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invoice_description_over_640_characters_is_refused()
    {
        var (status, problem, _) = await fixture.SendAsync("bob", HttpMethod.Post, "/v1/invoices", $$"""{"amount_msat": 1, "description": "{{new string('x', 641)}}"}""");

        Assert.Equal(400, status);
        Assert.Contains("description", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "JSON body is required")]
    [InlineData("{}", "payee")]
    [InlineData("""{"payee": "zed", "amount_msat": 1}""", "payee")]
    [InlineData("""{"payee": "alice", "amount_msat": 1}""", "cannot pay itself")]
    [InlineData("""{"payee": "bob"}""", "amount_msat")]
    [InlineData("""{"payee": "bob", "amount_msat": 0}""", "amount_msat")]
    [InlineData("""{"payee": "bob", "amount_msat": 2100000000000000001}""", "21 million BTC")]
    [InlineData("""{"payee": "bob", "amount_msat": 1, "payment_hash": "xyz", "payment_secret": "xyz"}""", "payment_hash")]
    [InlineData("""{"payee": "bob", "amount_msat": 1, "payment_secret": "HASH"}""", "payment_hash")]
    [InlineData("""{"payee": "bob", "amount_msat": 1, "payment_hash": "HASH", "payment_secret": "zz"}""", "payment_secret")]
    [InlineData("""{"payee": "bob", "amount_msat": 1, "payment_hash": "HASH", "payment_secret": "HASH", "timeout_seconds": 0}""", "timeout_seconds")]
    [InlineData("""{"payee": "bob", "amount_msat": 1, "payment_hash": "HASH", "payment_secret": "HASH", "timeout_seconds": 601}""", "timeout_seconds")]
    [InlineData("""{"payee": 5, "amount_msat": 1}""", "payee")]
    [InlineData("""{"payee": "bob", "amount_msat": true}""", "amount_msat")]
    [InlineData("""{"payee": "bob", "amount_msat": 1, "min_final_cltv_expiry_delta": 70000}""", "min_final_cltv_expiry_delta")]
    [InlineData("{{{", "")]
    public async Task Bad_payment_requests_get_400_with_a_detail_naming_the_problem(string? body, string mentions)
    {
        body = body?.Replace("HASH", Hex64, StringComparison.Ordinal);

        var (status, problem, text) = await fixture.SendAsync("alice", HttpMethod.Post, "/v1/payments", body);

        Assert.True(status == 400, $"{status} {text}");
        Assert.Contains(mentions, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_hash_nobody_sent_is_404()
    {
        var (status, problem, _) = await fixture.SendAsync("alice", HttpMethod.Get, $"/v1/payments/{Hex64}", null);

        Assert.Equal(404, status);
        Assert.Contains(Hex64, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_for_more_than_any_channel_can_carry_fails_as_a_value_not_an_error()
    {
        var body = $$"""{"payee": "bob", "amount_msat": 2000000000000000000, "payment_hash": "{{new string('c', 64)}}", "payment_secret": "{{Hex64}}"}""";

        var (status, result, text) = await fixture.SendAsync("alice", HttpMethod.Post, "/v1/payments", body);

        Assert.True(status == 200, $"{status} {text}");
        Assert.Equal("failed", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_policy_patch_changes_only_the_fields_given()
    {
        var (status, policy, text) = await fixture.SendAsync("bob", HttpMethod.Patch, $"/v1/channels/{Channel}/policy", """{"fee_base_msat": 2000, "enabled": true}""");

        Assert.True(status == 200, text);
        Assert.Equal(2000U, policy.GetProperty("fee_base_msat").GetUInt32());
        Assert.True(policy.GetProperty("cltv_expiry_delta").GetInt32() > 0);
        var (_, channels, _) = await fixture.SendAsync("bob", HttpMethod.Get, "/v1/channels", null);
        Assert.Equal(2000U, channels[0].GetProperty("local_policy").GetProperty("fee_base_msat").GetUInt32());
    }

    [Theory]
    [InlineData("nonsense", """{"fee_base_msat": 1}""", 400, "short_channel_id")]
    [InlineData("1x2", """{"fee_base_msat": 1}""", 400, "short_channel_id")]
    [InlineData("700000x9x9", """{"fee_base_msat": 1}""", 404, "700000x9x9")]
    [InlineData(Channel, null, 400, "JSON body")]
    [InlineData(Channel, "{}", 400, "at least one of")]
    [InlineData(Channel, """{"cltv_expiry_delta": 0}""", 400, "cltv_expiry_delta")]
    [InlineData(Channel, """{"htlc_minimum_msat": 10, "htlc_maximum_msat": 5}""", 400, "htlc_minimum_msat")]
    [InlineData(Channel, """{"fee_base_msat": -1}""", 400, "fee_base_msat")]
    [InlineData(Channel, """{"cltv_expiry_delta": 65536}""", 400, "cltv_expiry_delta")]
    [InlineData(Channel, """{"enabled": "yes"}""", 400, "enabled")]
    public async Task Bad_policy_patches_get_400_or_404_with_a_detail(string scid, string? body, int expected, string mentions)
    {
        var (status, problem, text) = await fixture.SendAsync("bob", HttpMethod.Patch, $"/v1/channels/{scid}/policy", body);

        Assert.True(status == expected, $"{status} {text}");
        Assert.Contains(mentions, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_height_moves_forward_and_never_back()
    {
        var (_, info, _) = await fixture.SendAsync("bob", HttpMethod.Get, "/v1/info", null);
        var height = info.GetProperty("block_height").GetUInt32();

        var (up, moved, _) = await fixture.SendAsync("bob", HttpMethod.Post, "/v1/chain/height", $$"""{"height": {{height + 1}}}""");
        Assert.Equal(200, up);
        Assert.Equal(height + 1, moved.GetProperty("height").GetUInt32());

        var (down, problem, _) = await fixture.SendAsync("bob", HttpMethod.Post, "/v1/chain/height", $$"""{"height": {{height}}}""");
        Assert.Equal(400, down);
        Assert.Contains("only moves forward", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "height")]
    [InlineData("{}", "height")]
    [InlineData("""{"height": 500000000}""", "height")]
    [InlineData("""{"height": -1}""", "height")]
    [InlineData("""{"height": "tall"}""", "height")]
    [InlineData("""{"height": 4294967296}""", "height")]
    public async Task Bad_heights_get_400(string? body, string mentions)
    {
        var (status, problem, text) = await fixture.SendAsync("bob", HttpMethod.Post, "/v1/chain/height", body);

        Assert.True(status == 400, $"{status} {text}");
        Assert.Contains(mentions, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_are_set_merged_and_cleared()
    {
        var (status, faults, _) = await fixture.SendAsync("bob", HttpMethod.Put, "/v1/faults", """{"forward_delay_ms": 5}""");
        Assert.Equal(200, status);
        Assert.Equal(5, faults.GetProperty("forward_delay_ms").GetInt32());
        Assert.False(faults.GetProperty("refuse_to_forward").GetBoolean());

        var (_, read, _) = await fixture.SendAsync("bob", HttpMethod.Get, "/v1/faults", null);
        Assert.Equal(5, read.GetProperty("forward_delay_ms").GetInt32());

        var (cleared, none, _) = await fixture.SendAsync("bob", HttpMethod.Put, "/v1/faults", """{"forward_delay_ms": 0}""");
        Assert.Equal(200, cleared);
        Assert.Equal(0, none.GetProperty("forward_delay_ms").GetInt32());
    }

    [Theory]
    [InlineData(null, "JSON body")]
    [InlineData("""{"forward_delay_ms": -1}""", "forward_delay_ms")]
    [InlineData("""{"forward_delay_ms": 600001}""", "forward_delay_ms")]
    [InlineData("""{"drop_peer_after_messages": -3}""", "drop_peer_after_messages")]
    [InlineData("""{"drop_peer_after_messages": 2}""", "3 or more")]
    [InlineData("""{"corrupt_forwarded_onions": "sure"}""", "corrupt_forwarded_onions")]
    public async Task Bad_fault_settings_get_400(string? body, string mentions)
    {
        var (status, problem, text) = await fixture.SendAsync("bob", HttpMethod.Put, "/v1/faults", body);

        Assert.True(status == 400, $"{status} {text}");
        Assert.Contains(mentions, Detail(problem), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> AuthenticatedRoutes => new()
    {
        { "GET", "/v1/info" },
        { "GET", "/v1/peers" },
        { "GET", "/v1/channels" },
        { "POST", "/v1/invoices" },
        { "POST", "/v1/payments" },
        { "GET", "/v1/payments" },
        { "GET", "/v1/payments/" + new string('a', 64) },
        { "PATCH", $"/v1/channels/{Channel}/policy" },
        { "POST", "/v1/chain/height" },
        { "GET", "/v1/faults" },
        { "PUT", "/v1/faults" },
    };

    [Theory]
    [MemberData(nameof(AuthenticatedRoutes))]
    public async Task Every_authenticated_route_answers_401_without_the_token_or_with_a_wrong_one(string method, string path)
    {
        var body = method == "GET" ? null : """{"amount_msat": 1}""";
        foreach (var token in new string?[] { null, "", "wrong", new('0', 64) })
        {
            var (status, problem, text) = await fixture.SendAsync("alice", new HttpMethod(method), path, body, token);

            Assert.True(status == 401, $"{method} {path} with token '{token}': {status} {text}");
            Assert.Contains("Authorization: Bearer", Detail(problem), StringComparison.Ordinal);
        }
    }
}
