using System.Text.Json.Serialization;

namespace LnRelay.Node.Peers;

[JsonConverter(typeof(JsonStringEnumConverter<PeerState>))]
public enum PeerState
{
    [JsonStringEnumMemberName("disconnected")]
    Disconnected,

    [JsonStringEnumMemberName("connecting")]
    Connecting,

    [JsonStringEnumMemberName("connected")]
    Connected,
}

/// <summary>One channel peer as the API and logs show it.</summary>
public sealed record PeerStatus(
    string Name,
    string NodeId,
    PeerState State,
    bool WeDial,
    DateTimeOffset Since,
    int ReconnectAttempts,
    string? LastError);
