using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Supervision;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// The fan-in behind 'lnrelay web': one loop follows every node's log (<see cref="LogFollower"/>)
/// and asks each node's control API whether it is up (with its bearer token, which stays here:
/// the browser only ever talks to this server), combines that with the supervisor's
/// DIR/NAME/node.state (<see cref="NodeStateRule"/>), turns both into events
/// (<see cref="WebEventSource"/>), keeps the last <see cref="ReplayLimit"/> for Last-Event-ID
/// resumption, and hands them to each browser through a bounded channel. A browser that falls
/// <see cref="ClientBuffer"/> events behind loses the oldest and is told to "resync" from the
/// snapshot (docs/web.md).
/// </summary>
internal sealed class LiveFeed : IAsyncDisposable
{
    public const int ReplayLimit = 4096;
    public const int ClientBuffer = 1024;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HealthEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>How long a request waits for the first snapshot of a folder that has its network.json (the first tick asks every node's health first, up to <see cref="HealthTimeout"/>, then reads the logs).</summary>
    private static readonly TimeSpan FirstSnapshotWait = TimeSpan.FromSeconds(10);

    private readonly string _directory;
    private readonly LogFollower _logs;
    private readonly WebEventSource _source = new(RateWindow);
    private readonly List<WebEvent> _replay = [];
    private readonly List<Channel<WebEvent>> _clients = [];
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeClient> _nodeClients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private NetworkFolder? _folder;
    private DateTimeOffset _lastHealth = DateTimeOffset.MinValue;

    public LiveFeed(string directory, string? logs = null)
    {
        _directory = directory;
        _logs = new LogFollower(logs ?? directory);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The newest snapshot, or null while the folder has no network.json yet.</summary>
    public WebSnapshot? Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _source.Snapshot;
            }
        }
    }

    /// <summary>
    /// The snapshot a request answers with: the newest; or, while the folder has its network.json but
    /// the first tick has not made a snapshot of it yet, that first one (within <see cref="FirstSnapshotWait"/>).
    /// Null while the folder has no network.json. Without the wait, a page opened as the server
    /// started was told 503 "no network.json yet" about a folder that had one.
    /// </summary>
    public async Task<WebSnapshot?> SnapshotAsync(CancellationToken ct)
    {
        if (Snapshot is not null || !NetworkFolder.IsInitialised(_directory))
        {
            return Snapshot;
        }

        try
        {
            await _firstSnapshot.Task.WaitAsync(FirstSnapshotWait, ct);
        }
        catch (TimeoutException)
        {
            // Still reading (or a folder that does not load): the caller says so.
        }

        return Snapshot;
    }

    /// <summary>Events after <paramref name="lastEventId"/> (replayed when still held, else "resync"), then every new one, until the browser leaves.</summary>
    public async IAsyncEnumerable<SseItem<string>> SubscribeAsync(long? lastEventId, [EnumeratorCancellation] CancellationToken ct)
    {
        var dropped = 0;
        var channel = Channel.CreateBounded<WebEvent>(new BoundedChannelOptions(ClientBuffer) { FullMode = BoundedChannelFullMode.DropOldest }, _ => Interlocked.Increment(ref dropped));
        List<WebEvent> backlog;
        lock (_gate)
        {
            backlog = lastEventId is { } after ? _replay.Where(e => e.Id > after).ToList() : [];
            var lost = lastEventId is { } a && (_replay.Count == 0 || _replay[0].Id > a + 1) && a < (_replay.LastOrDefault()?.Id ?? 0);
            if (lost)
            {
                backlog = [];
                Interlocked.Increment(ref dropped);
            }

            _clients.Add(channel);
        }

        try
        {
            yield return new SseItem<string>("{}", "hello") { ReconnectionInterval = TimeSpan.FromSeconds(1) };
            foreach (var e in backlog)
            {
                yield return Item(e);
            }

            while (await channel.Reader.WaitToReadAsync(ct))
            {
                if (Interlocked.Exchange(ref dropped, 0) > 0)
                {
                    yield return new SseItem<string>("{}", "resync");
                }

                while (channel.Reader.TryRead(out var e))
                {
                    yield return Item(e);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _clients.Remove(channel);
            }
        }
    }

    private static SseItem<string> Item(WebEvent e) => new(e.Json, e.Type) { EventId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollEvery);
        do
        {
            try
            {
                await TickAsync(ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // A folder being written while we read it: try again on the next tick.
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    private async Task TickAsync(CancellationToken ct)
    {
        _folder ??= NetworkFolder.IsInitialised(_directory) ? NetworkFolder.Load(_directory, out _) : null;
        if (_folder is null)
        {
            return;
        }

        if (DateTimeOffset.UtcNow - _lastHealth >= HealthEvery)
        {
            _lastHealth = DateTimeOffset.UtcNow;
            await ReadStatesAsync(_folder, ct);
        }

        var fresh = _logs.Poll();
        lock (_gate)
        {
            var events = _source.Observe(_folder.Network, fresh, name => _states.GetValueOrDefault(name, "unknown"));
            foreach (var e in events)
            {
                _replay.Add(e);
                foreach (var client in _clients)
                {
                    client.Writer.TryWrite(e);
                }
            }

            if (_replay.Count > ReplayLimit)
            {
                _replay.RemoveRange(0, _replay.Count - ReplayLimit);
            }

            if (_source.Snapshot is not null)
            {
                _firstSnapshot.TrySetResult();
            }
        }
    }

    /// <summary>Each node's GET /v1/health, once, with a short deadline (up when it answers, down when it does not), combined with its node.state.</summary>
    private async Task ReadStatesAsync(NetworkFolder folder, CancellationToken ct)
    {
        var states = await Task.WhenAll(folder.Network.Nodes.Select(async n =>
        {
            try
            {
                var client = NodeClientFor(folder, n.Name);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(HealthTimeout);
                await client.GetOnceAsync<object>("/v1/health", deadline.Token);
                return (n.Name, Health: NodeStateRule.Up);
            }
            catch (Exception e) when (e is HttpRequestException or NodeApiException or TaskCanceledException or TimeoutException)
            {
                return (n.Name, Health: NodeStateRule.Down);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (n.Name, Health: NodeStateRule.Unknown);
            }
        }));
        var supervised = ControlFiles.LiveSupervisor(folder.Directory) is not null;
        var combined = states.Select(s => (s.Name, State: NodeStateRule.Combine(s.Health, supervised ? ControlFiles.ReadState(Path.GetFullPath(folder.NodeDirectory(s.Name))) : null)));
        lock (_gate)
        {
            foreach (var (name, state) in combined)
            {
                _states[name] = state;
            }
        }
    }

    private NodeClient NodeClientFor(NetworkFolder folder, string name)
    {
        lock (_gate)
        {
            if (!_nodeClients.TryGetValue(name, out var client))
            {
                client = folder.Client(name, HealthTimeout);
                _nodeClients[name] = client;
            }

            return client;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Writer.TryComplete();
            }

            foreach (var node in _nodeClients.Values)
            {
                node.Dispose();
            }
        }

        _stop.Dispose();
    }
}
