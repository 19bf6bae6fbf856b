namespace LnRelay.Node.Switch;

/// <summary>
/// The faults this node commits now, shared by the parts that commit them: the switch
/// (forwarding faults) and the peer connections (<see cref="Peers.PeerDropFault"/>).
/// Set at start-up from the settings and at run time through the control API.
/// </summary>
internal sealed class FaultInjection(FaultInjectionOptions initial)
{
    private volatile FaultInjectionOptions _current = initial;

    public FaultInjection()
        : this(FaultInjectionOptions.None)
    {
    }

    /// <summary>Read once per decision (one forward sees one set of faults throughout).</summary>
    public FaultInjectionOptions Current
    {
        get => _current;
        set => _current = value ?? throw new ArgumentNullException(nameof(value));
    }
}
