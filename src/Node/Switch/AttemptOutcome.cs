using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Switch;

/// <summary>How one attempt (one HTLC sent by the origin) ended. Which members are set depends on <see cref="Kind"/>.</summary>
internal sealed record AttemptOutcome
{
    private AttemptOutcome(AttemptOutcomeKind kind) => Kind = kind;

    public AttemptOutcomeKind Kind { get; }

    /// <summary>Fulfilled: SHA256(preimage) = payment_hash.</summary>
    public byte[]? Preimage { get; private init; }

    /// <summary>FailedRemote: the update_fail_htlc reason, still obfuscated; the origin decodes it with the route's shared secrets.</summary>
    public byte[]? Reason { get; private init; }

    /// <summary>FailedMalformed: the first hop could not read our onion.</summary>
    public FailureCode MalformedCode { get; private init; }

    /// <summary>FailedMalformed: the hash of the onion as the first hop received it (update_fail_malformed_htlc's sha256_of_onion).</summary>
    public byte[]? Sha256OfOnion { get; private init; }

    /// <summary>FailedLocal: why the HTLC never left, or was timed out by us.</summary>
    public LocalFailureCause? LocalCause { get; private init; }

    /// <summary>FailedLocal: the cause in words, with the channel or peer it concerns.</summary>
    public string? LocalDetail { get; private init; }

    public static AttemptOutcome Fulfilled(byte[] preimage) => new(AttemptOutcomeKind.Fulfilled) { Preimage = preimage };

    public static AttemptOutcome FailedRemote(byte[] reason) => new(AttemptOutcomeKind.FailedRemote) { Reason = reason };

    public static AttemptOutcome FailedMalformed(FailureCode code, byte[] sha256OfOnion) =>
        new(AttemptOutcomeKind.FailedMalformed) { MalformedCode = code, Sha256OfOnion = sha256OfOnion };

    public static AttemptOutcome FailedLocal(LocalFailureCause cause, string detail) => new(AttemptOutcomeKind.FailedLocal) { LocalCause = cause, LocalDetail = detail };
}

internal enum AttemptOutcomeKind
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
