using System.Globalization;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Bench;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Bench;

/// <summary>
/// The same comparison as <see cref="AeadBenchmarks"/>, timed interleaved so that a shared machine's load
/// falls on every implementation alike: for each size, <see cref="InterleavedTimer"/> (as <c>bench onion</c>
/// times): rounds in which every variant runs one ~3 ms batch in turn, and the median of the rounds'
/// per-operation times. About a minute for all sizes, and robust to load; it is
/// what docs/performance.md's "Frame AEAD with a kept OpenSSL context (session 9)" quotes.
/// Run: dotnet bench/Bench/bin/Release/net10.0/LnRelay.Bench.dll aead-interleaved [rounds [size ...]]
/// </summary>
internal static class AeadInterleaved
{
    /// <summary>
    /// A frame's length (2), update_fulfill_htlc (74), the libsodium split (127/128), the managed splits (192 and
    /// 448, among the steps between), the old split (1,024), update_add_htlc (1,452), the largest message.
    /// </summary>
    private static readonly int[] Sizes = [2, 16, 32, 64, 74, 80, 96, 99, 112, 127, 128, 160, 192, 230, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1025, 1452, 4096, 65535];

    /// <summary>Sizes up to this also time the managed AEAD's other paths (AVX2 and scalar), for the split on other processors.</summary>
    private const int ManagedPathsUpTo = 256;

    public static void Run(int rounds, IReadOnlyList<int> sizes)
    {
        NativeCrypto.EnsureAvailable();
        if (!OpenSslChaChaPoly.IsAvailable)
        {
            Console.WriteLine("No kept OpenSSL context in this process (not Linux, or libcrypto lacks the EVP functions).");
            return;
        }

        Console.WriteLine($"median of {rounds} interleaved rounds, ns per operation (empty associated data); load {File.ReadAllText("/proc/loadavg").Trim()}");
        // managed: ManagedChaChaPoly on this processor's best path (Vector512 here); v256 and scalar: its other paths.
        Console.WriteLine($"managed = {ChaCha20Blocks.Best}");
        Console.WriteLine("bytes   seal: sodium   .NET   kept managed   v256 scalar | open: sodium   .NET   kept managed   v256 scalar");
        foreach (var size in sizes.Count > 0 ? sizes : Sizes)
        {
            using var setup = new Setup(size);
            List<(string, Action)> variants =
                [
                    ("seal sodium", setup.SealSodium), ("seal .NET", setup.SealDotNet), ("seal kept", setup.SealKept), ("seal managed", () => setup.SealManaged(ChaCha20Blocks.Best)),
                    ("open sodium", setup.OpenSodium), ("open .NET", setup.OpenDotNet), ("open kept", setup.OpenKept), ("open managed", () => setup.OpenManaged(ChaCha20Blocks.Best)),
                ];
            var otherPaths = size <= ManagedPathsUpTo && ChaCha20Blocks.IsSupported(ChaCha20Path.Vector256);
            if (otherPaths)
            {
                variants.AddRange(
                    [
                        ("seal v256", () => setup.SealManaged(ChaCha20Path.Vector256)), ("seal scalar", () => setup.SealManaged(ChaCha20Path.Scalar)),
                        ("open v256", () => setup.OpenManaged(ChaCha20Path.Vector256)), ("open scalar", () => setup.OpenManaged(ChaCha20Path.Scalar)),
                    ]);
            }

            var ns = Time(variants, rounds);
            var (sealV256, sealScalar, openV256, openScalar) = otherPaths ? (ns[8], ns[9], ns[10], ns[11]) : (double.NaN, double.NaN, double.NaN, double.NaN);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{size,5}   {ns[0],12:F0} {ns[1],6:F0} {ns[2],6:F0} {ns[3],7:F0} {sealV256,6:F0} {sealScalar,6:F0} | {ns[4],12:F0} {ns[5],6:F0} {ns[6],6:F0} {ns[7],7:F0} {openV256,6:F0} {openScalar,6:F0}"));
        }

        // One context for both directions (as ChaChaPolyAead keeps it) against one per direction.
        using (var pair = new Setup(1452))
        {
            var ns = Time([("one context", pair.SealThenOpenOneContext), ("two contexts", pair.SealThenOpenTwoContexts)], rounds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1452 seal then open: one context {ns[0]:F0} ns, two contexts {ns[1]:F0} ns"));
        }
    }

    /// <summary>Nanoseconds per call of each variant, in their order, timed as <see cref="InterleavedTimer"/> times.</summary>
    private static double[] Time(List<(string Name, Action Call)> variants, int rounds)
    {
        var us = InterleavedTimer.Measure(variants, rounds);
        return [.. variants.Select(v => us[v.Name] * 1000)];
    }

    private sealed class Setup : IDisposable
    {
        private readonly int _size;
        private readonly byte[] _key = new byte[KeySizes.ChaChaKey];
        private readonly byte[] _nonce = new byte[KeySizes.ChaChaNonce];
        private readonly byte[] _message;
        private readonly byte[] _sealed;
        private readonly byte[] _output;
        private readonly ChaCha20Poly1305 _dotNet;
        private readonly OpenSslChaChaPoly _kept;
        private readonly OpenSslChaChaPoly _keptOther;

        public Setup(int size)
        {
            _size = size;
            RandomNumberGenerator.Fill(_key);
            _nonce[4] = 7;
            _message = RandomNumberGenerator.GetBytes(size);
            _sealed = new byte[size + KeySizes.AeadTag];
            _output = new byte[size + KeySizes.AeadTag];
            _dotNet = new ChaCha20Poly1305(_key);
            _kept = new OpenSslChaChaPoly(_key);
            _keptOther = new OpenSslChaChaPoly(_key);
            ChaChaPolyOneShot.Seal(_key, _nonce, default, _message, _sealed);
        }

        public void SealSodium() => ChaChaPolyOneShot.Seal(_key, _nonce, default, _message, _output);

        public void SealDotNet() => _dotNet.Encrypt(_nonce, _message, _output.AsSpan(0, _size), _output.AsSpan(_size), default);

        public void SealKept() => _kept.Seal(_nonce, default, _message, _output.AsSpan(0, _size), _output.AsSpan(_size));

        public void OpenSodium() => Check(ChaChaPolyOneShot.TryOpen(_key, _nonce, default, _sealed, _output));

        public void OpenDotNet() => _dotNet.Decrypt(_nonce, _sealed.AsSpan(0, _size), _sealed.AsSpan(_size), _output.AsSpan(0, _size), default);

        public void OpenKept() => Check(_kept.TryOpen(_nonce, default, _sealed.AsSpan(0, _size), _sealed.AsSpan(_size), _output));

        public void SealManaged(ChaCha20Path path) => ManagedChaChaPoly.Seal(_key, _nonce, default, _message, _output, path);

        public void OpenManaged(ChaCha20Path path) => Check(ManagedChaChaPoly.TryOpen(_key, _nonce, default, _sealed, _output, path));

        public void SealThenOpenOneContext()
        {
            SealKept();
            OpenKept();
        }

        public void SealThenOpenTwoContexts()
        {
            SealKept();
            Check(_keptOther.TryOpen(_nonce, default, _sealed.AsSpan(0, _size), _sealed.AsSpan(_size), _output));
        }

        public void Dispose()
        {
            _dotNet.Dispose();
            _kept.Dispose();
            _keptOther.Dispose();
        }

        private static void Check(bool opened)
        {
            if (!opened)
            {
                throw new CryptographicException("A sealed benchmark message did not open.");
            }
        }
    }
}
