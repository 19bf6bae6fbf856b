using System.Text.Json;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>A failure as the payer reported it: BOLT 4 code and name, the failing hop's index (0 = the payer's peer, -1 = the payer itself) and name.</summary>
internal sealed record ReportedFailure(int Code, string Name, int Hop, string? Node)
{
    public static ReportedFailure? Of(JsonElement failure) => failure.ValueKind != JsonValueKind.Object ? null : new(
        failure.GetProperty("code").GetInt32(),
        failure.GetProperty("name").GetString()!,
        failure.GetProperty("hop").GetInt32(),
        failure.GetProperty("node").GetString());

    public override string ToString() => $"{Name} 0x{Code:x4} at hop {Hop} ({Node ?? "-"})";
}

/// <summary>One attempt of a payment: the route tried (origin first) and how it failed, if it did.</summary>
internal sealed record ReportedAttempt(IReadOnlyList<string> Route, ulong FeeMsat, ReportedFailure? Failure);

/// <summary>The payer's result of one payment (POST /v1/payments, GET /v1/payments/HASH), with the request it answered.</summary>
internal sealed record PaymentOutcome(string From, string To, ulong AmountMsat, string Hash, string Status, IReadOnlyList<string>? Route, ulong? FeeMsat, IReadOnlyList<ReportedAttempt> Attempts, ReportedFailure? Failure, string Json)
{
    public bool Succeeded => Status == "succeeded";

    public static PaymentOutcome Of(string from, string to, JsonElement result) => new(
        from,
        to,
        result.GetProperty("amount_msat").GetUInt64(),
        result.GetProperty("payment_hash").GetString()!,
        result.GetProperty("status").GetString()!,
        result.GetProperty("route") is { ValueKind: JsonValueKind.Array } r ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : null,
        result.GetProperty("fee_msat") is { ValueKind: JsonValueKind.Number } f ? f.GetUInt64() : null,
        [.. result.GetProperty("attempts").EnumerateArray().Select(a => new ReportedAttempt(
            [.. a.GetProperty("route").EnumerateArray().Select(e => e.GetString()!)],
            a.GetProperty("fee_msat").GetUInt64(),
            ReportedFailure.Of(a.GetProperty("failure"))))],
        ReportedFailure.Of(result.GetProperty("failure")),
        result.GetRawText());

    public override string ToString() => $"{From}->{To} {AmountMsat} msat {Hash[..8]}: {Json}";
}
