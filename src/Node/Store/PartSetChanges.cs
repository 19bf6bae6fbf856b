using LnRelay.Node.MultiPart;
using static LnRelay.Node.Store.StoreValues;

namespace LnRelay.Node.Store;

/// <summary>A part the payee holds for a multi-part payment (docs/mpp.md): the set's row (total, deadline) is written with its first part.</summary>
internal sealed record PartHeld(byte[] PaymentHash, ulong TotalMsat, DateTimeOffset Deadline, HeldPart Part) : StoreChange
{
    public override void Apply(StoreStatements s)
    {
        s.PartSetRow.Run(PaymentHash, ToColumn(TotalMsat), ToColumn(Deadline));
        s.PartAdd.Run(PaymentHash, ToColumn(Part.Scid), ToColumn(Part.HtlcId), ToColumn(Part.AmountMsat), Part.SharedSecret, ToColumn(Part.ArrivedAt), (long)Part.Role, Part.OnionSha256, Part.PtlcTweakSum);
    }
}

/// <summary>A set was settled, failed or timed out: it and its parts leave the store (the HTLCs' own rows say how they ended).</summary>
internal sealed record PartSetClosed(byte[] PaymentHash) : StoreChange
{
    public override void Apply(StoreStatements s)
    {
        s.PartRemoveAll.Run(PaymentHash);
        s.PartSetRemove.Run(PaymentHash);
    }
}
