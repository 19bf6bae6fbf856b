using System.Diagnostics.CodeAnalysis;

namespace LnRelay.Transport.Net;

/// <summary>The outcome of <see cref="StsDialer.ConnectAsync"/>: a connection, or the reason there is none.</summary>
public sealed class StsDialResult
{
    private StsDialResult(StsConnection? connection, TransportFailure? failure)
    {
        Connection = connection;
        Failure = failure;
    }

    /// <summary>Set when <see cref="Succeeded"/>.</summary>
    public StsConnection? Connection { get; }

    /// <summary>Set when not <see cref="Succeeded"/>.</summary>
    public TransportFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Connection))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Connection is not null;

    internal static StsDialResult Connected(StsConnection connection) => new(connection, null);

    internal static StsDialResult Refused(TransportFailure failure) => new(null, failure);
}
