using System.Net;
using LnRelay.Crypto;
using LnRelay.Node.Network;
using LnRelay.Node.Peers;
using LnRelay.Node.Switch;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace LnRelay.Node.Tests.Peers;

/// <summary>
/// Both ends of one channel peer link, alice's and bob's, each with its own
/// <see cref="PeerLink"/> and <see cref="LinkProtocol"/>, connected through an in-memory
/// message connection instead of a socket. Each side records the HTLC updates its
/// protocol hands to the "switch", in order.
/// </summary>
internal sealed class LinkPair
{
    private const string Network = "link-test";
    private static readonly PrivateKey AliceKey = PrivateKey.Create(Enumerable.Repeat((byte)0x0a, 32).ToArray());
    private static readonly PrivateKey BobKey = PrivateKey.Create(Enumerable.Repeat((byte)0x0b, 32).ToArray());
    private static readonly ChannelId Channel = ChannelId.FromShortChannelId(0x0102030405060708);
    private readonly Lock _gate = new();
    private readonly List<ulong> _aliceGot = [];
    private readonly List<ulong> _bobGot = [];
    private readonly LinkProtocol _aliceProtocol;
    private readonly LinkProtocol _bobProtocol;

    public LinkPair(ulong aliceEpoch = 0xa11ce, ulong bobEpoch = 0xb0b)
    {
        Alice = new PeerLink(NodeEntry("bob", BobKey), weDial: false, DateTimeOffset.UnixEpoch, aliceEpoch);
        Bob = new PeerLink(NodeEntry("alice", AliceKey), weDial: true, DateTimeOffset.UnixEpoch, bobEpoch);
        _aliceProtocol = Protocol((_, m) => Record(_aliceGot, m));
        _bobProtocol = Protocol((_, m) => Record(_bobGot, m));
    }

    /// <summary>Alice's link to bob.</summary>
    public PeerLink Alice { get; }

    /// <summary>Bob's link to alice (replaced by <see cref="RestartBob"/>).</summary>
    public PeerLink Bob { get; private set; }

    /// <summary>The faults on bob's end of the next connection (the peer-drop fault reads them).</summary>
    public FaultInjection BobFaults { get; } = new();

    public IReadOnlyList<ulong> BobGot
    {
        get
        {
            lock (_gate)
            {
                return [.. _bobGot];
            }
        }
    }

    public IReadOnlyList<ulong> AliceGot
    {
        get
        {
            lock (_gate)
            {
                return [.. _aliceGot];
            }
        }
    }

    public static UpdateFulfillHtlcMessage Fulfil(ulong id) => new(Channel, id, new byte[32]);

    /// <summary>Bob's node restarts: a new link with a new epoch and nothing counted.</summary>
    public void RestartBob(ulong epoch) => Bob = new PeerLink(NodeEntry("alice", AliceKey), weDial: true, DateTimeOffset.UnixEpoch, epoch);

    /// <summary>Connects the two ends; both sessions run until <see cref="Session.DropAsync"/>.</summary>
    public async Task<Session> ConnectAsync()
    {
        var (aliceEnd, bobEnd) = InMemoryMessageConnection.CreatePair(BobKey.PublicKey, AliceKey.PublicKey);
        var alice = _aliceProtocol.RunAsync(Alice, aliceEnd, weDialled: false, CancellationToken.None);
        var bob = _bobProtocol.RunAsync(Bob, new PeerDropFault(bobEnd, BobFaults), weDialled: true, CancellationToken.None);
        var session = new Session(aliceEnd, alice, bob);
        await Eventually.TrueAsync(() => Alice.IsConnected && Bob.IsConnected || session.Ended, "both ends resumed");
        return session;
    }

    private static NetworkNode NodeEntry(string name, PrivateKey key) => new(name, key.PublicKey, IPAddress.Loopback.ToString(), 1, new Uri("http://127.0.0.1:1"));

    private static LinkProtocol Protocol(Action<string, HtlcUpdateMessage> deliver) =>
        new(Network, new PeerOptions { PingInterval = Timeout.InfiniteTimeSpan }, deliver, TimeProvider.System, NullLogger.Instance);

    private void Record(List<ulong> got, HtlcUpdateMessage message)
    {
        lock (_gate)
        {
            got.Add(message.HtlcId);
        }
    }

    /// <summary>One connection between the two ends, and the two protocol runs on it.</summary>
    internal sealed class Session(InMemoryMessageConnection aliceEnd, Task alice, Task bob)
    {
        public bool Ended => alice.IsCompleted && bob.IsCompleted;

        /// <summary>The connection drops (as a socket would) and both runs end.</summary>
        public async Task DropAsync()
        {
            await aliceEnd.CloseAsync(CancellationToken.None);
            await EndedAsync();
        }

        public Task EndedAsync() => Eventually.WithinAsync(Task.WhenAll(alice, bob).ContinueWith(_ => true, TaskScheduler.Default), "both ends of the session to end");
    }
}
