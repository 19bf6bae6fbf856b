using System.Text.Json.Nodes;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// Payments driven into child processes (<c>bench network --processes</c>): the payee's
/// process issues the invoice, the payer's process pays it, each asked over its stdin as
/// the in-process driver calls them (<see cref="BenchPayments"/>). Lighter than the control
/// APIs (<c>--via-api</c>): no HTTP listener per node and no connection per node from this
/// process, only one pipe per child; every byte between the nodes still crosses their TCP
/// connections, between processes when payer, relays and payee are in different shards.
/// </summary>
internal sealed class ShardBenchPayments(ShardedNetwork network, string lockKind = "hash", int parts = 1) : IBenchPayments
{
    public string Describe => $"in {ShardPlan.Count(network.Shards.Count)}: the payee's process issues the invoice and the payer's pays it, asked over each child's stdin (no HTTP); {lockKind} locks{(parts > 1 ? $"; {parts} parts each" : "")}";

    public async Task<BenchPaymentOutcome> PayAsync(string from, string to, ulong amountMsat, bool unknownHash, CancellationToken ct)
    {
        var pay = new JsonObject { ["op"] = "pay", ["from"] = from, ["to"] = to, ["amount"] = amountMsat, ["lock"] = lockKind, ["parts"] = parts };
        if (!unknownHash)
        {
            var invoice = await network.ShardOf(to).AskAsync(new JsonObject { ["op"] = "invoice", ["node"] = to, ["amount"] = amountMsat, ["lock"] = lockKind }, ct);
            pay["hash"] = (string?)invoice["hash"];
            pay["secret"] = (string?)invoice["secret"];
            pay["cltv"] = (int)invoice["cltv"]!;
        }

        var outcome = await network.ShardOf(from).AskAsync(pay, ct);
        return new BenchPaymentOutcome((bool)outcome["ok"]!, (int)outcome["hops"]!, (string?)outcome["failure"]);
    }
}
