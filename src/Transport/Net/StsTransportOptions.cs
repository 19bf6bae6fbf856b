using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Net;

/// <summary>
/// Settings shared by <see cref="StsDialer"/> and <see cref="StsListener"/>. Defaults
/// follow docs/transport.md "Why it is built this way": 5 s per act, 10 s per handshake.
/// </summary>
public sealed class StsTransportOptions
{
    /// <summary>The network's name, hashed into h as the prologue: nodes of different networks cannot complete a handshake.</summary>
    public required string NetworkName { get; init; }

    /// <summary>How long a dial may take to open the TCP connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long each act may take to arrive once it is due.</summary>
    public TimeSpan ActTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the whole handshake may take (against slowloris peers that feed each act just in time).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Listener only: handshakes in progress (and authenticated connections not yet accepted) beyond this are refused at once.</summary>
    public int MaxHandshakesInProgress { get; init; } = 64;

    /// <summary>The clock behind every deadline; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Ephemeral keys and signature randomness; only tests replace it.</summary>
    internal IHandshakeRandomness Randomness { get; init; } = SystemHandshakeRandomness.Instance;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(NetworkName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ActTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHandshakesInProgress, 1);
    }
}
