using System.Security.Cryptography;
using System.Text;
using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Gossip;
using LnRelay.Node.Invoices;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Network;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Tests.Switch;

/// <summary>A message waiting on a link, with its global enqueue order.</summary>
internal sealed record Envelope(long Seq, string From, string To, LightningMessage Message, TimeSpan Delay);

/// <summary>One simulated node: its key, switch, invoices and channels (the same objects the switch owns).</summary>
internal sealed class HarnessNode
{
    public required string Name { get; init; }

    public required PrivateKey Key { get; init; }

    public required HtlcSwitch Switch { get; init; }

    public required InvoiceBook Invoices { get; init; }

    public required IReadOnlyList<ChannelState> Channels { get; init; }

    /// <summary>Sum of this node's local balances (msat).</summary>
    public ulong LocalTotal => Switch.Read(cs => cs.Aggregate(0UL, (sum, c) => sum + c.LocalBalanceMsat));

    public int HtlcsInFlight => Switch.Read(cs => cs.Sum(c => c.Offered.Count + c.Received.Count));

    public ChannelState ChannelTo(string peer) => Channels.Single(c => c.RemoteName == peer);
}

/// <summary>
/// N nodes, one <see cref="HtlcSwitch"/> each, wired through in-memory links instead of
/// sockets. Every message a switch sends waits on its (from, to) link until a test
/// delivers it, so the order of events is the test's choice and fully reproducible.
/// A disconnected link holds what is queued on it (delivered after reconnection) and
/// refuses new messages, as <see cref="IPeerOutbox"/> specifies.
/// </summary>
internal sealed class SwitchHarness
{
    public const uint StartHeight = 1000;
    public const ushort MinFinalDelta = 18;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string From, string To), List<Envelope>> _links = [];
    private readonly HashSet<(string, string)> _down = [];
    private readonly Dictionary<string, HarnessNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<Envelope> _delivered = [];
    private TaskCompletionSource? _queued;
    private long _seq;
    private uint _height = StartHeight;

    /// <summary>A harness of <paramref name="names"/> with <paramref name="channels"/>; nodes named in <paramref name="features"/> announce only those (network.json's features), the rest all.</summary>
    public SwitchHarness(IReadOnlyList<string> names, IReadOnlyList<ChannelDto> channels, SwitchOptions? options = null, string network = "switch-test", IReadOnlyDictionary<string, NodeFeatures>? features = null)
    {
        var keys = names.ToDictionary(n => n, n => PrivateKey.Create(SHA256.HashData(Encoding.UTF8.GetBytes("lnrelay switch test node " + n))));
        Network = TestNetworks.Validate(new NetworkFileDto
        {
            Network = network,
            BlockHeight = StartHeight,
            Nodes = [.. names.Select((n, i) => TestNetworks.Node(n, 20000 + (i * 2)) with
            {
                NodeId = keys[n].PublicKey.ToHex(),
                Features = features is not null && features.TryGetValue(n, out var f) ? NodeFeatureNames.ToNames(f) : null,
            })],
            Channels = [.. channels],
        });
        Graph = new ChannelGraph(Network);
        var chainHash = NetworkChainHash.For(network);
        var random = new Random(7);
        foreach (var name in names)
        {
            var key = keys[name];
            var states = Network.ChannelsOf(name).Select(c =>
            {
                var peer = c.PeerOf(name);
                return new ChannelState(c.ShortChannelId, peer.Name, peer.NodeId, c.CapacityMsat, c.BalanceOf(name), c.PolicyFrom(name), c.PolicyFrom(peer.Name));
            }).ToList();
            var invoices = new InvoiceBook(Time, span => random.NextBytes(span));
            var htlcSwitch = new HtlcSwitch(
                name,
                key,
                states,
                invoices,
                new Outbox(this, name),
                StartHeight,
                c => ChannelUpdate.Create(key, c.RemoteNodeId, chainHash, c.ShortChannelId, (uint)Time.GetUtcNow().ToUnixTimeSeconds(), c.LocalPolicy).ToBodyBytes(),
                options ?? new SwitchOptions(),
                Log.For(name))
            {
                PartSets = new PartSetBook(Time, PartSetBook.DefaultTimeout),
            };
            _nodes[name] = new HarnessNode { Name = name, Key = key, Switch = htlcSwitch, Invoices = invoices, Channels = states };
            foreach (var s in states)
            {
                _links[(name, s.RemoteName)] = [];
            }
        }
    }

    public NetworkDescription Network { get; }

    public ChannelGraph Graph { get; }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public LogRecorder Log { get; } = new();

    public ISessionKeySource SessionKeys { get; } = new DeterministicSessionKeySourceForTests(SHA256.HashData("lnrelay switch test session"u8));

    /// <summary>Called after every delivered message (e.g. to check invariants at every step).</summary>
    public Action? AfterEachDelivery { get; set; }

    public IReadOnlyCollection<HarnessNode> Nodes => _nodes.Values;

    public uint Height => _height;

    /// <summary>Nodes whose init (as their peers see it) lacks option_route_blinding.</summary>
    public HashSet<string> WithoutRouteBlinding { get; } = new(StringComparer.Ordinal);

    /// <summary>Every message delivered so far, in delivery order (warnings included).</summary>
    public IReadOnlyList<Envelope> Delivered
    {
        get
        {
            lock (_gate)
            {
                return [.. _delivered];
            }
        }
    }

    public HarnessNode this[string name] => _nodes[name];

    /// <summary>What a node held in its channels when the network started (msat).</summary>
    public ulong InitialLocalTotal(string name) => Network.ChannelsOf(name).Aggregate(0UL, (sum, c) => sum + c.BalanceOf(name));

    /// <summary>A line a - b - c - ... with one channel between neighbours; node i's policy has base 1000·(i+1) msat, 100·(i+1) ppm, delta 10·(i+1)+20.</summary>
    public static SwitchHarness Line(int count, ulong capacity = 10_000_000, SwitchOptions? options = null)
    {
        var names = Enumerable.Range(0, count).Select(i => ((char)('a' + i)).ToString()).ToList();
        var channels = new List<ChannelDto>();
        for (var i = 0; i + 1 < count; i++)
        {
            channels.Add(TestNetworks.Channel($"{i + 1}x1x0", names[i], names[i + 1], capacity, capacity / 2, PolicyOf(i), PolicyOf(i + 1)));
        }

        return new SwitchHarness(names, channels, options);
    }

    public static PolicyDto PolicyOf(int index) => new()
    {
        FeeBaseMsat = (uint)(1000 * (index + 1)),
        FeeProportionalMillionths = (uint)(100 * (index + 1)),
        CltvExpiryDelta = (ushort)((10 * (index + 1)) + 20),
    };

    public bool IsConnected(string a, string b)
    {
        lock (_gate)
        {
            return _links.ContainsKey((a, b)) && !_down.Contains(Pair(a, b));
        }
    }

    public void Disconnect(string a, string b)
    {
        lock (_gate)
        {
            _down.Add(Pair(a, b));
        }
    }

    public void Connect(string a, string b)
    {
        lock (_gate)
        {
            _down.Remove(Pair(a, b));
        }
    }

    /// <summary>Moves every node's chain to <paramref name="height"/> (in name order).</summary>
    public void SetHeight(uint height)
    {
        _height = height;
        foreach (var node in _nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            Assert.True(node.Switch.TrySetBlockHeight(height));
        }
    }

    public IReadOnlyList<Envelope> Queued(string from, string to)
    {
        lock (_gate)
        {
            return [.. _links[(from, to)]];
        }
    }

    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _links.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>Queues a message on a link as if the sender had sent it (even while the link is down).</summary>
    public void Inject(string from, string to, LightningMessage message)
    {
        lock (_gate)
        {
            _links[(from, to)].Add(new Envelope(++_seq, from, to, message, TimeSpan.Zero));
            Signal();
        }
    }

    /// <summary>Removes the queued message at <paramref name="index"/> on a link (lost on the wire).</summary>
    public Envelope Drop(string from, string to, int index = 0)
    {
        lock (_gate)
        {
            var link = _links[(from, to)];
            var e = link[index];
            link.RemoveAt(index);
            return e;
        }
    }

    /// <summary>Queues a second copy of the message at <paramref name="index"/> right after it.</summary>
    public void Duplicate(string from, string to, int index = 0)
    {
        lock (_gate)
        {
            var link = _links[(from, to)];
            link.Insert(index + 1, link[index] with { Seq = ++_seq });
        }
    }

    /// <summary>Swaps two queued messages on a link (reordering on the wire).</summary>
    public void Swap(string from, string to, int i, int j)
    {
        lock (_gate)
        {
            var link = _links[(from, to)];
            (link[i], link[j]) = (link[j], link[i]);
        }
    }

    /// <summary>Delivers the head of one link; false if it is empty or down.</summary>
    public bool DeliverNext(string from, string to)
    {
        Envelope e;
        lock (_gate)
        {
            var link = _links[(from, to)];
            if (link.Count == 0 || _down.Contains(Pair(from, to)))
            {
                return false;
            }

            e = link[0];
            link.RemoveAt(0);
            _delivered.Add(e);
        }

        Dispatch(e);
        return true;
    }

    /// <summary>
    /// Delivers messages until no connected link has any: by default the oldest first across
    /// all links; with <paramref name="random"/>, the head of a randomly chosen link (each
    /// link stays in order, as a BOLT 8 connection does). Returns how many were delivered.
    /// </summary>
    public int PumpUntilQuiet(Random? random = null, int limit = 100_000)
    {
        var count = 0;
        while (true)
        {
            (string From, string To)? next;
            lock (_gate)
            {
                var ready = _links.Where(l => l.Value.Count > 0 && !_down.Contains(Pair(l.Key.From, l.Key.To))).ToList();
                next = ready.Count == 0
                    ? null
                    : random is null ? ready.MinBy(l => l.Value[0].Seq).Key : ready[random.Next(ready.Count)].Key;
            }

            if (next is not { } link)
            {
                return count;
            }

            Assert.True(DeliverNext(link.From, link.To));
            Assert.True(++count < limit, "The network never went quiet.");
        }
    }

    /// <summary>Pumps until <paramref name="task"/> completes, waiting (without sleeping) for a background payer to enqueue its next message.</summary>
    public async Task<T> RunUntil<T>(Task<T> task)
    {
        while (true)
        {
            Task queued;
            lock (_gate)
            {
                _queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                queued = _links.Values.Any(l => l.Count > 0) ? Task.CompletedTask : _queued.Task;
            }

            PumpUntilQuiet();
            if (task.IsCompleted)
            {
                return await task;
            }

            await Task.WhenAny(task, queued).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Warnings a node sent (protocol violations it refused).</summary>
    public IReadOnlyList<Envelope> WarningsFrom(string node) =>
        [.. Delivered.Concat(AllQueued()).Where(e => e.From == node && e.Message is WarningMessage)];

    public IEnumerable<Envelope> AllQueued()
    {
        lock (_gate)
        {
            return [.. _links.Values.SelectMany(l => l)];
        }
    }

    // --- the origin's side, without the Payer ---

    /// <summary>A route along the named nodes, amounts and expiries computed as the origin would (BOLT 7).</summary>
    public Route RouteThrough(ulong amountMsat, uint? finalCltv, params string[] nodes)
    {
        var path = nodes.Zip(nodes.Skip(1))
            .Select(p => Graph.EdgesInto(p.Second).First(e => e.From.Name == p.First))
            .ToList();
        return RouteBuilder.Build(Network.FindNode(nodes[0])!, path, amountMsat, finalCltv ?? _height + MinFinalDelta);
    }

    public Invoice Invoice(string payee, ulong amountMsat) =>
        _nodes[payee].Invoices.Create(amountMsat, TimeSpan.FromHours(1), MinFinalDelta, "switch test");

    /// <summary>Each hop's payload as the Payer writes it: relays get 2, 4, 6; the payee 2, 4 and payment_data.</summary>
    public static List<HopPayload> Payloads(Route route, byte[]? paymentSecret, ulong totalMsat) =>
        [.. route.Hops.Select(h => h.OutgoingChannel is { } next
            ? (HopPayload)new RelayPayload(h.AmountToForwardMsat, h.OutgoingCltvValue, next)
            : new FinalPayload(h.AmountToForwardMsat, h.OutgoingCltvValue, paymentSecret, paymentSecret is null ? null : totalMsat))];

    /// <summary>Builds the onion from raw payloads and offers the first HTLC (the route's first hop decides amount and expiry).</summary>
    public Attempt Start(Route route, byte[] paymentHash, IReadOnlyList<byte[]> payloads, Action<byte[]>? tamperOnion = null)
    {
        var hops = route.Hops.Select((h, i) => new OnionHop(h.Node.NodeId, payloads[i])).ToList();
        Assert.True(OnionBuilder.TryCreate(SessionKeys, hops, paymentHash, out var onion, out var refusal), refusal);
        tamperOnion?.Invoke(onion.Packet);
        var task = _nodes[route.Origin.Name].Switch.StartAttempt(route, paymentHash, onion.Packet);
        return new Attempt(route, paymentHash, onion, task);
    }

    public Attempt Start(Route route, byte[] paymentHash, IReadOnlyList<HopPayload> payloads) =>
        Start(route, paymentHash, [.. payloads.Select(p => p.Encode())]);

    /// <summary>Pays an invoice along the named nodes with correct payloads.</summary>
    public Attempt Pay(Invoice invoice, params string[] nodes)
    {
        var route = RouteThrough(invoice.AmountMsat, null, nodes);
        return Start(route, invoice.PaymentHash, Payloads(route, invoice.PaymentSecret, invoice.AmountMsat));
    }

    // --- invariants ---

    /// <summary>Every channel at every node: local + remote + in flight = capacity.</summary>
    public void AssertInvariants()
    {
        foreach (var node in _nodes.Values)
        {
            Assert.True(node.Switch.Read(cs => cs.All(c => c.InvariantHolds())), $"A channel of {node.Name} broke its invariant.");
        }
    }

    /// <summary>Both ends of every channel agree on the balances and the HTLCs in flight.</summary>
    public void AssertEndsAgree()
    {
        foreach (var c in Network.Channels)
        {
            var one = _nodes[c.Node1.Name].ChannelTo(c.Node2.Name);
            var two = _nodes[c.Node2.Name].ChannelTo(c.Node1.Name);
            Assert.Equal(one.LocalBalanceMsat, two.RemoteBalanceMsat);
            Assert.Equal(one.RemoteBalanceMsat, two.LocalBalanceMsat);
            Assert.Equal(one.Offered.Keys.Order(), two.Received.Keys.Order());
            Assert.Equal(one.Received.Keys.Order(), two.Offered.Keys.Order());
        }
    }

    /// <summary>Text of every channel's full state at every node, to compare before and after.</summary>
    public string Snapshot() => string.Join(
        "\n",
        _nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).SelectMany(n => n.Switch.Read(cs => cs
            .OrderBy(c => c.ShortChannelId.Value)
            .Select(c => $"{n.Name}/{c.ShortChannelId}: local {c.LocalBalanceMsat} remote {c.RemoteBalanceMsat} next {c.NextOfferedId}/{c.NextExpectedReceivedId} "
                + $"offered [{string.Join(",", c.Offered.Values.OrderBy(h => h.Id).Select(h => $"{h.Id}:{h.AmountMsat}"))}] "
                + $"received [{string.Join(",", c.Received.Values.OrderBy(h => h.Id).Select(h => $"{h.Id}:{h.AmountMsat}"))}]")
            .ToList())));

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    private void Signal()
    {
        _queued?.TrySetResult();
    }

    private void Dispatch(Envelope e)
    {
        if (e.Message is HtlcUpdateMessage update)
        {
            _nodes[e.To].Switch.OnMessage(e.From, update);
        }

        AfterEachDelivery?.Invoke();
    }

    /// <summary>Queues a message on the link, or loses it while the link is down (the harness has no link log).</summary>
    private void Enqueue(string from, string to, LightningMessage message, TimeSpan delay)
    {
        lock (_gate)
        {
            if (!_links.TryGetValue((from, to), out var link) || _down.Contains(Pair(from, to)))
            {
                return;
            }

            link.Add(new Envelope(++_seq, from, to, message, delay));
            Signal();
        }
    }

    /// <summary>Nodes that did not offer point locks at init (docs/ptlc.md): their peers see no feature 314/315.</summary>
    public HashSet<string> WithoutPointLocks { get; } = new(StringComparer.Ordinal);

    private sealed class Outbox(SwitchHarness harness, string self) : IPeerOutbox
    {
        public bool IsConnected(string peer) => harness.IsConnected(self, peer);

        public bool SupportsRouteBlinding(string peer) => !harness.WithoutRouteBlinding.Contains(peer);

        public bool SupportsPointLocks(string peer) => !harness.WithoutPointLocks.Contains(peer);

        public void Enqueue(string peer, LightningMessage message, TimeSpan delay = default) => harness.Enqueue(self, peer, message, delay);
    }
}

/// <summary>An HTLC the origin offered: its route, onion (with the shared secrets to decode a failure) and outcome.</summary>
internal sealed record Attempt(Route Route, byte[] PaymentHash, BuiltOnion Onion, Task<AttemptOutcome> Task)
{
    public AttemptOutcome Outcome
    {
        get
        {
            Assert.True(Task.IsCompleted, "The attempt is still in flight.");
            return Task.Result;
        }
    }

    /// <summary>Decodes the failure packet the origin got back; fails the test if the attempt did not fail remotely.</summary>
    public DecodedFailure DecodeFailure()
    {
        var outcome = Outcome;
        Assert.Equal(AttemptOutcomeKind.FailedRemote, outcome.Kind);
        Assert.True(FailurePacketDecoder.TryDecode(outcome.Reason, Onion.SharedSecrets, out var decoded, out var error), error.ToString());
        Assert.NotNull(decoded.Message);
        return decoded;
    }
}
