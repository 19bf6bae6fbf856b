using LnRelay.Crypto;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>
/// A random blinded payment path from a seeded <see cref="Random"/>: 1 to 5 real hops (the
/// last is the recipient), 0 to 2 dummy hops, and optionally two writers' segments joined by
/// next_path_key_override; plus the payer's onion for it (no clear hops: the payer is
/// the introduction node's peer).
/// </summary>
internal sealed class RandomBlindedPath : IDisposable
{
    public static readonly byte[] AssociatedData = Enumerable.Repeat((byte)0x42, 32).ToArray();

    private RandomBlindedPath(Random random)
    {
        var real = random.Next(1, 6);
        Dummies = random.Next(3);
        Keys = [.. Enumerable.Range(0, real).Select(_ => NewKey(random))];
        var relays = Keys[..^1].Select((k, i) => new BlindedRelaySpec(
            k.PublicKey,
            new ShortChannelId((uint)random.Next(1, 800_000), (uint)random.Next(4000), (ushort)random.Next(4)),
            new PaymentRelay((ushort)random.Next(200), (uint)random.Next(5000), (uint)random.Next(20_000)))).ToArray();
        var pathId = new byte[random.Next(1, 40)];
        random.NextBytes(pathId);
        var plan = BlindedPaymentPath.Plan(relays, Keys[^1].PublicKey, pathId, 800_000, 1, Dummies, new PaymentRelay(0, 0, 0));
        Nodes = plan.Nodes;
        PayInfo = BlindedPayInfo.Aggregate(plan.Policies, 18);

        var first = Secret(random);
        var split = plan.Nodes.Count > 1 && random.Next(2) == 0 ? random.Next(1, plan.Nodes.Count) : plan.Nodes.Count;
        var second = Secret(random);
        if (split < plan.Nodes.Count)
        {
            Assert.True(Secp256k1.TryDerivePublicKey(second, out var secondPathKey));
            plan.Data[split - 1] = plan.Data[split - 1] with { NextPathKeyOverride = secondPathKey };
            Overridden = true;
        }

        Plaintexts = RecipientDataPadding.PadToSameLength(plan.Data);
        var hops = Nodes.Select((n, i) => new BlindedPathBuilder.Hop(n, Plaintexts[i].Encode())).ToArray();
        Path = BlindedPathBuilder.BuildWithPathSecret(first, hops[..split], out _);
        if (split < hops.Length)
        {
            Path = Path.Concatenate(BlindedPathBuilder.BuildWithPathSecret(second, hops[split..], out _));
        }

        AmountMsat = (ulong)random.Next(1, 10_000_000);
        FinalCltv = (uint)random.Next(100, 700_000);
    }

    public PrivateKey[] Keys { get; }

    public int Dummies { get; }

    public bool Overridden { get; }

    public List<PublicKey> Nodes { get; }

    public IReadOnlyList<RecipientData> Plaintexts { get; }

    public BlindedPath Path { get; private set; }

    public BlindedPayInfo PayInfo { get; }

    public ulong AmountMsat { get; }

    public uint FinalCltv { get; }

    /// <summary>The key that peels hop <paramref name="i"/> (the recipient's for it and its dummies).</summary>
    public PrivateKey KeyAt(int i) => Keys[Math.Min(i, Keys.Length - 1)];

    public static RandomBlindedPath Create(Random random) => new(random);

    public BlindedPaymentRoute PayerRoute(BlindedPath? path = null) =>
        BlindedPaymentRoute.Create(path ?? Path, PayInfo, AmountMsat, FinalCltv, AmountMsat);

    public byte[] Onion(BlindedPath? path = null)
    {
        var session = new byte[32];
        Array.Fill(session, (byte)0x33);
        Assert.True(OnionBuilder.TryCreateWithSessionKey(session, PayerRoute(path).Hops, AssociatedData, out var onion, out var refusal), refusal);
        return onion.Packet;
    }

    public void Dispose()
    {
        foreach (var key in Keys)
        {
            key.Dispose();
        }
    }

    private static PrivateKey NewKey(Random random) => PrivateKey.Create(Secret(random));

    private static byte[] Secret(Random random)
    {
        var bytes = new byte[32];
        do
        {
            random.NextBytes(bytes);
        }
        while (!Secp256k1.IsValidSecret(bytes));

        return bytes;
    }
}
