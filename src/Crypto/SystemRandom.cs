using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// The operating system's CSPRNG, for the secrets drawn on every payment (the onion's session key,
/// an invoice's preimage and payment secret). On Linux it asks the kernel directly with
/// <c>getrandom(2)</c>: 32 bytes take about 0.26 µs, where <see cref="RandomNumberGenerator.Fill"/>
/// goes through OpenSSL's <c>RAND_bytes</c> (a DRBG seeded from the same kernel source, which also
/// checks the process id on every call for fork safety) and takes about 0.65 µs, three times a payment
/// (docs/performance.md, "Random bytes from the kernel (session 10)"). Elsewhere, or where the kernel
/// refuses the call (a seccomp filter that answers ENOSYS), it is <see cref="RandomNumberGenerator"/>.
/// Nothing is kept in the process between calls.
/// </summary>
public static class SystemRandom
{
    private static volatile bool _kernelRefuses = !OperatingSystem.IsLinux();

    /// <summary>Whether the bytes come from getrandom(2) (else from <see cref="RandomNumberGenerator"/>).</summary>
    internal static bool FromKernel => !_kernelRefuses;

    /// <summary>Fills <paramref name="buffer"/> with cryptographically secure random bytes.</summary>
    public static void Fill(Span<byte> buffer)
    {
        if (_kernelRefuses || !TryFillFromKernel(buffer))
        {
            RandomNumberGenerator.Fill(buffer);
        }
    }

    /// <summary>False only when the kernel has no getrandom; any other failure is a bug or a broken system, and throws.</summary>
    private static unsafe bool TryFillFromKernel(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                // Up to 256 bytes come whole once the pool is seeded; longer requests may be cut short by a signal.
                var read = Libc.getrandom(start + done, (nuint)(buffer.Length - done), 0);
                if (read > 0)
                {
                    done += (int)read;
                    continue;
                }

                var error = Marshal.GetLastPInvokeError();
                if (read < 0 && error == Libc.EINTR)
                {
                    continue;
                }

                if (read < 0 && error == Libc.ENOSYS && done == 0)
                {
                    _kernelRefuses = true;
                    return false;
                }

                throw new CryptographicException($"getrandom(2) failed (returned {read}, errno {error}) after {done} of {buffer.Length} bytes.");
            }
        }

        return true;
    }
}
