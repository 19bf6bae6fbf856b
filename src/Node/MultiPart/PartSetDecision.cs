namespace LnRelay.Node.MultiPart;

/// <summary>What the payee does with a part it was offered (<see cref="PartSetBook.Offer"/>).</summary>
internal enum PartSetVerdict
{
    /// <summary>The set is still short of total_msat: the part is held, nothing is settled.</summary>
    Held,

    /// <summary>The set reached total_msat: settle every part of <see cref="PartSetDecision.Parts"/> with the preimage, together.</summary>
    Complete,

    /// <summary>Refuse this part only (it would overpay the set beyond its smallest part); the set stays as it was.</summary>
    RefusePart,

    /// <summary>The part announced another total_msat than the set: fail the whole set, this part included (BOLT 4's SHOULD).</summary>
    FailSet,
}

/// <summary>
/// The verdict on an offered part and the parts it concerns: every part of the set for
/// <see cref="PartSetVerdict.Complete"/> and <see cref="PartSetVerdict.FailSet"/> (the new
/// one last), the new part alone for the others.
/// </summary>
internal readonly record struct PartSetDecision(PartSetVerdict Verdict, IReadOnlyList<HeldPart> Parts);
