namespace LnRelay.Transport.Tests.Net;

/// <summary>Waits for a condition with a deadline (never a fixed sleep standing in for the condition).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Completes when the peer has closed <paramref name="socket"/>; returns the bytes it sent first.</summary>
    public static async Task<int> ClosedByPeerAsync(System.Net.Sockets.Socket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (System.Net.Sockets.SocketException)
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
