using LnRelay.Node.MultiPart;
using LnRelay.Node.Switch;
using Microsoft.Data.Sqlite;
using static LnRelay.Node.Store.StoreValues;

namespace LnRelay.Node.Store;

/// <summary>Reads the payee's held multi-part sets back (the inverse of <see cref="PartHeld"/>), parts in arrival order.</summary>
internal static class PartSetRows
{
    public static IReadOnlyList<PartSet> Load(SqliteConnection connection)
    {
        var sets = new Dictionary<string, PartSet>(StringComparer.Ordinal);
        StoreReader.Query(connection, "SELECT payment_hash, total_msat, deadline_ms FROM mpp_sets", r =>
        {
            var set = new PartSet((byte[])r[0], FromColumn(r.GetInt64(1)), TimeFromColumn(r.GetInt64(2)));
            sets[set.PaymentHashHex] = set;
        });
        StoreReader.Query(connection, "SELECT payment_hash, scid, htlc_id, amount_msat, shared_secret, arrived_at_ms, blinded_role, onion_sha256, ptlc_tweak_sum FROM mpp_parts ORDER BY arrived_at_ms, scid, htlc_id", r =>
        {
            if (sets.TryGetValue(Convert.ToHexStringLower((byte[])r[0]), out var set))
            {
                set.Add(new HeldPart(FromColumn(r.GetInt64(1)), FromColumn(r.GetInt64(2)), FromColumn(r.GetInt64(3)), (byte[])r[4], TimeFromColumn(r.GetInt64(5)),
                    (BlindedRole)r.GetInt64(6), r.IsDBNull(7) ? null : (byte[])r[7], r.IsDBNull(8) ? null : (byte[])r[8]));
            }
        });
        return [.. sets.Values];
    }
}
