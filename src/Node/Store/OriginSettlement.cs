using Microsoft.Data.Sqlite;
using static LnRelay.Node.Store.StoreValues;

namespace LnRelay.Node.Store;

/// <summary>
/// An HTLC this node sent as the payer was fulfilled: its row stays, with the secret and the
/// amount it carried, until the payer has recorded how the payment ended
/// (<see cref="OriginPaymentEnded"/>). Staged in the fulfil's own decision, so a node killed
/// after the fulfil but before the payer's record still knows, after a restart, that the
/// payment succeeded and what it cost (docs/store.md, "Recovery").
/// </summary>
internal sealed record OriginHtlcSettled(ulong Scid, ulong Id, byte[] Preimage, ulong AmountMsat) : StoreChange
{
    public override void Apply(StoreStatements s) => s.OriginSettle.Run(Preimage, ToColumn(AmountMsat), ToColumn(Scid), ToColumn(Id));

    /// <summary>The settled origin HTLCs a store kept, by (scid, id).</summary>
    public static IReadOnlyDictionary<(ulong Scid, ulong Id), OriginHtlcSettled> Load(SqliteConnection connection)
    {
        var settled = new Dictionary<(ulong, ulong), OriginHtlcSettled>();
        StoreReader.Query(connection, "SELECT scid, id, preimage, settled_msat FROM origin_htlcs WHERE preimage IS NOT NULL", r =>
        {
            var row = new OriginHtlcSettled(FromColumn(r.GetInt64(0)), FromColumn(r.GetInt64(1)), (byte[])r[2], FromColumn(r.GetInt64(3)));
            settled[(row.Scid, row.Id)] = row;
        });
        return settled;
    }
}

/// <summary>The payer recorded how the payment ended: its settled origin HTLCs are not needed any more. Staged right after that record.</summary>
internal sealed record OriginPaymentEnded(byte[] PaymentHash) : StoreChange
{
    public override void Apply(StoreStatements s) => s.OriginEnd.Run(PaymentHash);
}
