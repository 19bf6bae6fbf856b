using System.Net.Sockets;
using LnRelay.Tests.Shared;

namespace LnRelay.Transport.Tests.Net;

/// <summary>Waits, with a deadline, for the far end to close a raw socket.</summary>
internal static class ClosedByPeer
{
    /// <summary>Completes when the peer has closed <paramref name="socket"/>; returns the bytes it sent first.</summary>
    public static async Task<int> WaitAsync(Socket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Eventually.Deadline);
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
            return total;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The peer did not close the socket in time.");
            throw;
        }
    }
}
