using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>Seeded random routes (1 to 20 hops, random payload sizes that fit): build, then peel at every hop.</summary>
public sealed class OnionRoundTripPropertyTests
{
    private static readonly byte[] AssociatedData = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomRoutes_PeelAtEveryHop_RecoversEveryPayloadAndTheFinalFlag(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 10; round++)
        {
            var hopCount = random.Next(1, 21);
            var keys = Enumerable.Range(0, hopCount).Select(_ => PrivateKey.Generate()).ToArray();
            var route = RandomRoute(random, keys);
            var session = new byte[32];
            random.NextBytes(session);
            session[0] &= 0x7f; // below the group order

            Assert.True(OnionBuilder.TryCreateWithSessionKey(session, route, AssociatedData, out var onion, out var refusal), refusal);
            var packet = onion.Packet;
            var buffer = new byte[OnionPeeler.BufferSize];
            for (var i = 0; i < hopCount; i++)
            {
                var result = OnionPeeler.Peel(keys[i], AssociatedData, packet, buffer, parsePayload: false);
                Assert.Equal(i == hopCount - 1 ? OnionPeelOutcome.Final : OnionPeelOutcome.Forward, result.Outcome);
                Assert.Equal(route[i].Payload.ToArray(), result.Payload.ToArray());
                Assert.Equal(onion.SharedSecrets[i], result.SharedSecret.ToArray());
                packet = result.NextPacket.ToArray();
            }

            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    [Fact]
    public void RouteThatDoesNotFit_IsRefused_SayingByHowManyBytes()
    {
        using var key = PrivateKey.Generate();
        // 3 hops of 400 bytes: (3 + 400 + 32) * 3 = 1305 bytes, 5 more than 1300.
        var route = Enumerable.Range(0, 3).Select(_ => new OnionHop(key.PublicKey, new byte[400])).ToArray();
        Assert.False(OnionBuilder.TryCreate(RandomSessionKeySource.Instance, route, AssociatedData, out _, out var refusal));
        Assert.Contains("1305 bytes", refusal, StringComparison.Ordinal);
        Assert.Contains("5 bytes more", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteThatExactlyFits_IsBuiltAndPeeled()
    {
        using var key = PrivateKey.Generate();
        // Two entries of 650 bytes: 3 + 615 + 32 = 650.
        var route = Enumerable.Range(0, 2).Select(i => new OnionHop(key.PublicKey, Enumerable.Repeat((byte)(i + 1), 615).ToArray())).ToArray();
        Assert.True(OnionBuilder.TryCreate(RandomSessionKeySource.Instance, route, AssociatedData, out var onion, out var refusal), refusal);
        var first = OnionPeeler.Peel(key, AssociatedData, onion.Packet, parsePayload: false);
        Assert.Equal(OnionPeelOutcome.Forward, first.Outcome);
        var second = OnionPeeler.Peel(key, AssociatedData, first.NextPacket.Span, parsePayload: false);
        Assert.Equal(OnionPeelOutcome.Final, second.Outcome);
        Assert.Equal(route[1].Payload.ToArray(), second.Payload.ToArray());
    }

    [Fact]
    public void ReservedPayloadLength_IsACallerBug()
    {
        using var key = PrivateKey.Generate();
        Assert.Throws<ArgumentException>(() => OnionBuilder.TryCreate(RandomSessionKeySource.Instance, [new OnionHop(key.PublicKey, new byte[1])], AssociatedData, out _, out _));
    }

    private static OnionHop[] RandomRoute(Random random, PrivateKey[] keys)
    {
        var route = new OnionHop[keys.Length];
        var budget = OnionPacket.RoutingInfoSize;
        for (var i = 0; i < keys.Length; i++)
        {
            // Leave room for the remaining hops at the minimum entry (1 + 2 + 32 bytes).
            var reserve = (keys.Length - i - 1) * 35;
            var maxEntry = Math.Min(budget - reserve, 600);
            var length = random.Next(2, Math.Max(3, maxEntry - 35));
            while (HopPayloadFraming.EntrySize(length) > budget - reserve)
            {
                length--;
            }

            var payload = new byte[length];
            random.NextBytes(payload);
            route[i] = new OnionHop(keys[i].PublicKey, payload);
            budget -= HopPayloadFraming.EntrySize(length);
        }

        return route;
    }
}
