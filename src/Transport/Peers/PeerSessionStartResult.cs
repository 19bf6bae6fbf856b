using System.Diagnostics.CodeAnalysis;

namespace LnRelay.Transport.Peers;

/// <summary>The outcome of <see cref="PeerSession.StartAsync(Net.StsConnection, PeerSessionOptions, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/>: a running session, or why the peer was refused.</summary>
public sealed class PeerSessionStartResult
{
    private PeerSessionStartResult(PeerSession? session, PeerSessionEnd? refusal)
    {
        Session = session;
        Refusal = refusal;
    }

    /// <summary>Set when <see cref="IsStarted"/>.</summary>
    public PeerSession? Session { get; }

    /// <summary>Set when not <see cref="IsStarted"/>.</summary>
    public PeerSessionEnd? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsStarted => Session is not null;

    internal static PeerSessionStartResult Started(PeerSession session) => new(session, null);

    internal static PeerSessionStartResult Refused(PeerSessionEnd refusal) => new(null, refusal);
}
