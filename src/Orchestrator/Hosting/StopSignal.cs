using System.Runtime.InteropServices;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// A token cancelled by Ctrl+C (SIGINT) or SIGTERM, which it keeps from ending the
/// process: the verbs that run nodes need the time to stop every node cleanly.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration[] _registrations;

    private StopSignal(CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _cts.Token;

    public static StopSignal Create(CancellationToken outer) => new(outer);

    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _cts.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _cts.Cancel();
    }
}
