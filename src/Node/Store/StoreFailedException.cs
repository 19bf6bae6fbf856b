namespace LnRelay.Node.Store;

/// <summary>
/// The store could not be opened, or stopped writing: the node must not go on (it would
/// send messages whose decisions are not on disk). The message names the file and the fix.
/// An <see cref="InvalidOperationException"/>, so the node's start-up reports it like any
/// other reason it cannot start.
/// </summary>
internal sealed class StoreFailedException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
