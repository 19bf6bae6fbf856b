using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Net;

/// <summary>Either the handshake's keys or the reason it was refused.</summary>
internal readonly record struct HandshakeOutcome(HandshakeResult? Result, TransportFailure Failure)
{
    public bool Succeeded => Result is not null;

    public static HandshakeOutcome Succeed(HandshakeResult result) => new(result, default);

    public static HandshakeOutcome Fail(TransportFailure failure) => new(null, failure);
}
