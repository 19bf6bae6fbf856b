namespace LnRelay.Sphinx.Ptlc;

/// <summary>What a hop's check of a settlement scalar found (docs/ptlc.md, "Settle").</summary>
public enum PtlcSettleOutcome
{
    /// <summary>s·G is the outgoing lock; the upstream scalar s − y_i was written.</summary>
    Settled,

    /// <summary>Not a scalar (zero, or not below the group order): a protocol violation.</summary>
    InvalidScalar,

    /// <summary>A scalar, but s·G is not the lock: a protocol violation (BOLT 2 treats a preimage that does not match the same way).</summary>
    WrongScalar,
}
