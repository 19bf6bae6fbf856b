using System.Globalization;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using Polly;
using Polly.Retry;

namespace LnRelay.Orchestrator.Supervision;

/// <summary>
/// Starts one lnrelay-node child process and waits until its control API answers, retrying
/// with exponential back-off and jitter (Polly) when the process exits or stays silent:
/// a node that dies again at once (its port still held, a broken data folder) is not
/// restarted in a tight loop. After <see cref="MaxAttempts"/> tries it gives up.
/// </summary>
internal sealed class NodeRestarter
{
    /// <summary>Tries per restart before giving up: with the delays below, about a minute and a half in all.</summary>
    public const int MaxAttempts = 8;

    /// <summary>The first pause, before the first try too: the dead process's sockets are released and its peers notice.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    /// <summary>How long a started node may take to answer GET /v1/health (a .NET start on a busy 2-core machine takes seconds).</summary>
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan HealthPoll = TimeSpan.FromMilliseconds(100);

    private readonly NetworkFolder _folder;
    private readonly TextWriter _report;
    private readonly ResiliencePipeline _pipeline;

    public NodeRestarter(NetworkFolder folder, TextWriter report, TimeProvider time)
    {
        _folder = folder;
        _report = report;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NodeStartException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                MaxRetryAttempts = MaxAttempts - 1,
                OnRetry = args =>
                {
                    Say(string.Create(CultureInfo.InvariantCulture, $"{args.Outcome.Exception?.Message} Trying again in {args.RetryDelay.TotalSeconds:0.0} s (try {args.AttemptNumber + 2} of {MaxAttempts})."));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Starts the node (after <see cref="FirstDelay"/>), retrying with back-off; returns the
    /// running node, or null after <see cref="MaxAttempts"/> failures or when
    /// <paramref name="stillWanted"/> turns false between tries (a stop was asked for).
    /// </summary>
    public async Task<ChildProcessNode?> StartAsync(string name, Func<bool> stillWanted, CancellationToken ct)
    {
        await Task.Delay(FirstDelay, ct);
        try
        {
            return await _pipeline.ExecuteAsync(async token => stillWanted() ? await TryOnceAsync(name, token) : null, ct);
        }
        catch (NodeStartException e)
        {
            Say($"{e.Message} Gave up after {MaxAttempts} tries; start it with 'lnrelay node start --dir {_folder.Directory} {name}'.");
            return null;
        }
    }

    private async Task<ChildProcessNode> TryOnceAsync(string name, CancellationToken ct)
    {
        var dir = Path.GetFullPath(_folder.NodeDirectory(name));
        var node = ChildProcessNode.Start(name, dir);
        ControlFiles.WritePid(dir, ProcessRecord.Of(node.ProcessId, node.StartedAt));
        using var client = _folder.Client(name);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return await WaitHealthyAsync(node, client, dir, clock, ct);
        }
        catch (OperationCanceledException)
        {
            // The supervisor is stopping: this node stops with it.
            await node.DisposeAsync();
            ControlFiles.Delete(ControlFiles.PidFile(dir));
            throw;
        }
    }

    private static async Task<ChildProcessNode> WaitHealthyAsync(ChildProcessNode node, NodeClient client, string dir, System.Diagnostics.Stopwatch clock, CancellationToken ct)
    {
        var name = node.Name;
        while (true)
        {
            if (node.HasExited)
            {
                var death = await node.ExitSummaryAsync();
                await node.DisposeAsync();
                ControlFiles.Delete(ControlFiles.PidFile(dir));
                throw new NodeStartException($"{name} did not come back: {death}");
            }

            if (await NodeHealth.AnswersAsync(client, ct))
            {
                return node;
            }

            if (clock.Elapsed > HealthyWithin)
            {
                await node.DisposeAsync();
                ControlFiles.Delete(ControlFiles.PidFile(dir));
                throw new NodeStartException(string.Create(CultureInfo.InvariantCulture, $"{name} started but its control API did not answer within {HealthyWithin.TotalSeconds:0} s."));
            }

            await Task.Delay(HealthPoll, ct);
        }
    }

    private void Say(string line)
    {
        lock (_report)
        {
            _report.WriteLine($"lnrelay: {line}");
        }
    }
}

/// <summary>One try at starting a node failed; the message says how.</summary>
internal sealed class NodeStartException(string message) : Exception(message);
