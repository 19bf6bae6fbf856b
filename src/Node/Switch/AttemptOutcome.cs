using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Switch;

/// <summary>How one attempt (one HTLC sent by the origin) ended. Which members are set depends on <see cref="Kind"/>.</summary>
public sealed record AttemptOutcome
{
    private AttemptOutcome(AttemptOutcomeKind kind) => Kind = kind;

    public AttemptOutcomeKind Kind { get; }

    /// <summary>Fulfilled: SHA256(preimage) = payment_hash.</summary>
    public byte[]? Preimage { get; private init; }

    /// <summary>FailedRemote: the update_fail_htlc reason, still obfuscated; the origin decodes it with the route's shared secrets.</summary>
    public byte[]? Reason { get; private init; }

    /// <summary>FailedMalformed: the first hop could not read our onion.</summary>
    public FailureCode MalformedCode { get; private init; }

    /// <summary>FailedLocal: why the HTLC never left, or was timed out by us.</summary>
    public string? LocalReason { get; private init; }

    public static AttemptOutcome Fulfilled(byte[] preimage) => new(AttemptOutcomeKind.Fulfilled) { Preimage = preimage };

    public static AttemptOutcome FailedRemote(byte[] reason) => new(AttemptOutcomeKind.FailedRemote) { Reason = reason };

    public static AttemptOutcome FailedMalformed(FailureCode code, byte[] sha256OfOnion) =>
        new(AttemptOutcomeKind.FailedMalformed) { MalformedCode = code, Reason = sha256OfOnion };

    public static AttemptOutcome FailedLocal(string reason) => new(AttemptOutcomeKind.FailedLocal) { LocalReason = reason };
}

public enum AttemptOutcomeKind
{
    Fulfilled,
    FailedRemote,
    FailedMalformed,
    FailedLocal,
}

/// <summary>An HTLC this node originated and is waiting on.</summary>
internal sealed class OriginAttempt
{
    private readonly TaskCompletionSource<AttemptOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<AttemptOutcome> Task => _done.Task;

    public void Complete(AttemptOutcome outcome) => _done.TrySetResult(outcome);
}
