using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// A blinded path as the destination of a multi-part payment (docs/mpp.md, "Blinded parts";
/// BOLT 4 "Route Blinding": the recipient treats <c>total_amount_msat</c> as the MPP total), over
/// real nodes: zoe's invoice gives a path with dave as its introduction node; alice reaches dave
/// through bob and through carol, neither of which carries the whole amount, so every part goes
/// to dave over its own route and then along the same blinded path to zoe.
/// </summary>
public sealed class BlindedMultiPartTests
{
    private const ulong Capacity = 10_000_000_000;
    private const ulong Side = 5_000_000_000;

    /// <summary>More than alice holds on either channel: it must go in parts.</summary>
    private const ulong Amount = 8_000_000_000;

    /// <summary>zoe's balance on her one channel before any payment.</summary>
    private const ulong ZoeStart = 20_000_000_000;

    private static readonly object Path = new { introduction_node = "dave", dummy_hops = 1 };

    [Fact]
    public async Task A_blinded_invoice_larger_than_any_single_route_settles_in_several_parts_over_different_routes()
    {
        await using var net = await StartAsync();

        var (invoice, result) = await net.PayBlindedAsync("alice", "zoe", Amount, Path);

        Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
        Assert.Equal("dave", result.GetProperty("blinded").GetProperty("introduction_node").GetString());
        var parts = result.GetProperty("parts").EnumerateArray().ToList();
        Assert.True(parts.Count >= 2, result.ToString());
        Assert.All(parts, p => Assert.Equal("settled", p.GetProperty("outcome").GetString()));
        // Each part's clear route ends at the introduction node; they went through both bob and carol.
        Assert.All(parts, p => Assert.Equal("dave", p.GetProperty("route").EnumerateArray().Last().GetString()));
        Assert.Equal(["bob", "carol"], parts.Select(p => p.GetProperty("route")[1].GetString()!).Distinct().Order());
        Assert.Equal(Amount, parts.Aggregate(0UL, (s, p) => s + p.GetProperty("amount_msat").GetUInt64()));
        // A part's fee includes what the blinded path's pay info asks.
        Assert.All(parts, p => Assert.True(p.GetProperty("fee_msat").GetUInt64() > 0));

        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        // dave rounds his forwards up (BOLT 4: ceil), so zoe may get a few msat over the amount, never less.
        Assert.InRange(ZoeBalance(await net.ChannelsAsync("zoe")), ZoeStart + Amount, ZoeStart + Amount + 10);
        // What alice paid is the amount and the fees she recorded, to the msat.
        var alice = (await net.ChannelsAsync("alice")).EnumerateArray().Aggregate(0UL, (s, c) => s + c.GetProperty("local_balance_msat").GetUInt64());
        Assert.Equal((2 * Side) - Amount - result.GetProperty("fee_msat").GetUInt64(), alice);

        await net.StopAllAsync();
        var zoeLog = net.ReadLog("zoe").ToList();
        Assert.Contains(zoeLog, l => l.Contains("\"MppSetCompleted\"", StringComparison.Ordinal) && l.Contains(invoice.GetProperty("payment_hash").GetString()!, StringComparison.Ordinal));
        // The payer still never learns the payee.
        Assert.DoesNotContain(net.ReadLog("alice"), l => l.Contains("zoe", StringComparison.OrdinalIgnoreCase) || l.Contains(net.NodeId("zoe"), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_blinded_part_announcing_another_total_fails_the_whole_set_and_nothing_is_paid()
    {
        await using var net = await StartAsync();
        using (var response = await net.Api("zoe").PutAsJsonAsync("/v1/mpp", new { timeout_seconds = 5 }))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        // carol holds back what she forwards: alice's part through bob waits at zoe meanwhile.
        await net.SetFaultsAsync("carol", new { forward_delay_ms = 15_000 });
        var invoice = await net.PostAsync("zoe", "/v1/invoices", new { amount_msat = Amount, blinded = Path });
        var hash = invoice.GetProperty("payment_hash").GetString()!;
        await Pay(net, "alice", invoice, Amount);
        await Eventually.TrueAsync(
            async () => (await net.Api("zoe").GetFromJsonAsync<JsonElement>("/v1/mpp")).GetProperty("sets").EnumerateArray().Any(s => s.GetProperty("payment_hash").GetString() == hash),
            "zoe holds a set for the blinded invoice");

        // bob pays the same invoice with another total (within the invoice amount and twice it): the
        // set's total_amount_msat differs, so zoe fails every part of it (BOLT 4: "SHOULD fail the entire HTLC set").
        var other = await Pay(net, "bob", invoice, Amount + 1_000_000_000, timeoutSeconds: 60);
        Assert.True("failed" == other.GetProperty("status").GetString(), other.ToString());
        Assert.Equal("invalid_onion_blinding", other.GetProperty("failure").GetProperty("name").GetString());

        var result = await net.WaitForPaymentAsync("alice", hash, TimeSpan.FromSeconds(90));
        Assert.True("failed" == result.GetProperty("status").GetString(), result.ToString());
        // From inside the blinded path every failure is invalid_onion_blinding from the introduction node.
        Assert.Equal("invalid_onion_blinding", result.GetProperty("failure").GetProperty("name").GetString());
        Assert.DoesNotContain(result.GetProperty("parts").EnumerateArray(), p => p.GetProperty("outcome").GetString() == "settled");
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        Assert.Equal(ZoeStart, ZoeBalance(await net.ChannelsAsync("zoe")));

        await net.StopAllAsync();
        var zoeLog = net.ReadLog("zoe").ToList();
        Assert.Contains(zoeLog, l => l.Contains("\"MppSetFailed\"", StringComparison.Ordinal) && l.Contains("unlike the set", StringComparison.Ordinal));
        // zoe got the path key in update_add_htlc: her failures went back malformed, the cause in her log only.
        Assert.Contains(zoeLog, l => l.Contains("as malformed", StringComparison.Ordinal) && l.Contains("mpp_total_mismatch", StringComparison.Ordinal));
    }

    /// <summary>alice-bob-dave and alice-carol-dave (alice 5 M sat a side), bob holds 20 M sat towards dave, and dave-zoe is 40 M sat, half each.</summary>
    private static async Task<TestNetwork> StartAsync()
    {
        var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave", "zoe"],
            [
                new TestChannel("alice", "bob", Capacity, Side),
                new TestChannel("bob", "dave", 4 * Capacity, 2 * Capacity),
                new TestChannel("alice", "carol", Capacity, Side),
                new TestChannel("carol", "dave", Capacity, Side),
                new TestChannel("dave", "zoe", 2 * ZoeStart, ZoeStart),
            ]);
        await net.WaitConnectedAsync();
        return net;
    }

    /// <summary>Pays a blinded invoice through its path alone, announcing <paramref name="amountMsat"/> as the total.</summary>
    private static Task<JsonElement> Pay(TestNetwork net, string from, JsonElement invoice, ulong amountMsat, int timeoutSeconds = 1) =>
        net.PostAsync(from, "/v1/payments", new
        {
            amount_msat = amountMsat,
            payment_hash = invoice.GetProperty("payment_hash").GetString(),
            min_final_cltv_expiry_delta = invoice.GetProperty("min_final_cltv_expiry_delta").GetInt32(),
            blinded_path = invoice.GetProperty("blinded_path"),
            timeout_seconds = timeoutSeconds,
        });

    private static ulong ZoeBalance(JsonElement channels) => channels.EnumerateArray().Single().GetProperty("local_balance_msat").GetUInt64();
}
