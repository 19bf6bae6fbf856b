namespace LnRelay.Transport.Peers;

/// <summary>
/// Something that sends once woken: a node's writer for one peer. <see cref="SendBatch"/>
/// wakes it in the receiving thread once that thread holds no lock.
/// </summary>
public interface IBatchedSender
{
    /// <summary>
    /// Runs the sender now, in this thread (it may send, or go on asynchronously). Called with no
    /// lock held, once per <see cref="SendBatch.TryDefer"/> that returned true.
    /// </summary>
    void WakeNow();
}

/// <summary>
/// A receive loop's synchronous stretch: while a session's receive loop handles the messages
/// it already has (decrypt, decode, the node's link and switch, all in its thread), senders
/// woken by that work are not woken at once through the thread pool but gathered here, and
/// run in this thread when the stretch ends: when the loop is about to wait for the socket
/// (or after <see cref="MaxMessages"/> messages). Each writer then sends everything the
/// stretch gave it in one send, and no thread-pool hop or thread wake-up comes between the
/// message received and the one it caused (docs/transport.md, "Sending and receiving").
/// <para>
/// The stretch lives in the thread (thread-static) and never spans an await that suspends:
/// <see cref="PeerSession"/> ends it before any such await, so a thread never goes back to
/// the pool with senders left waiting in it. Code that runs outside a stretch (a payer, a
/// timer, a continuation on another thread) gets false from <see cref="TryDefer"/> and wakes
/// its sender the usual way.
/// </para>
/// </summary>
public static class SendBatch
{
    /// <summary>Messages one stretch handles at most before its senders run: bounds how long a busy connection holds back its replies.</summary>
    public const int MaxMessages = 32;

    [ThreadStatic]
    private static List<IBatchedSender>? t_deferred;

    [ThreadStatic]
    private static bool t_open;

    /// <summary>True while this thread is in a receive loop's stretch.</summary>
    public static bool IsOpen => t_open;

    /// <summary>
    /// Defers <paramref name="sender"/>'s wake-up to the end of this thread's stretch; false
    /// (nothing deferred) when this thread is not in one. The caller makes sure one sender
    /// is deferred at most once per stretch (a flag of its own, cleared when woken).
    /// </summary>
    public static bool TryDefer(IBatchedSender sender)
    {
        if (!t_open)
        {
            return false;
        }

        (t_deferred ??= []).Add(sender);
        return true;
    }

    /// <summary>Starts a stretch in this thread (no effect if one is open). The caller ends it with <see cref="Close"/> before it next awaits anything that may suspend.</summary>
    public static void Open() => t_open = true;

    /// <summary>
    /// Ends this thread's stretch and wakes the senders it deferred, in order. A sender woken
    /// here that wakes others (it should not) wakes them the usual way: the stretch is closed first.
    /// </summary>
    public static void Close()
    {
        t_open = false;
        var deferred = t_deferred;
        if (deferred is null || deferred.Count == 0)
        {
            return;
        }

        // Taken out before any runs: a sender that re-enters a stretch in this thread starts a new list.
        t_deferred = null;
        try
        {
            foreach (var sender in deferred)
            {
                sender.WakeNow();
            }
        }
        finally
        {
            deferred.Clear();
            t_deferred ??= deferred;
        }
    }
}
