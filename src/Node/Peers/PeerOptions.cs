using System.Net;
using LnRelay.Node.Privacy;

namespace LnRelay.Node.Peers;

/// <summary>How the node listens, re-dials and keeps peers alive.</summary>
internal sealed record PeerOptions
{
    /// <summary>Where to listen; by default 127.0.0.1 and this node's port from network.json.</summary>
    public IPEndPoint? ListenEndPoint { get; init; }

    /// <summary>First re-dial delay; it doubles (with jitter) up to <see cref="MaxRedialDelay"/>.</summary>
    public TimeSpan RedialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRedialDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new session waits for the peer's resume (its first link_sync) before reconnecting.</summary>
    public TimeSpan ResumeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether init advertises option_route_blinding (feature 25, BOLT 9): only when the switch takes part in blinded paths.</summary>
    public bool RouteBlinding { get; init; } = true;

    /// <summary>
    /// Whether this node speaks lnrelay-experimental point locks (docs/ptlc.md): it then offers
    /// init feature bit 315 and accepts a peer that requires 314. Off, a peer requiring 314 is
    /// refused at init, and no PTLC is forwarded to or accepted from anyone.
    /// </summary>
    public bool PointLocks { get; init; } = true;

    /// <summary>Fills the bytes this run's link epoch is drawn from; the CSPRNG unless a test injects its own.</summary>
    public Action<Span<byte>> Random { get; init; } = Crypto.SystemRandom.Fill;

    /// <summary>Batching of outgoing updates (<see cref="PrivacyOptions.BatchWindow"/>, docs/privacy.md); none by default.</summary>
    public PrivacyOptions Privacy { get; init; } = PrivacyOptions.None;
}
