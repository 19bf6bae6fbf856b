using LnRelay.Node.Payments;

namespace LnRelay.Node.Tests.Payments;

public sealed class RecentRingTests
{
    [Fact]
    public void The_oldest_value_makes_room_and_is_no_longer_found()
    {
        var ring = new RecentRing<int>(3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, ring.Add(i * 10, out var none));
            Assert.Null(none);
        }

        Assert.Equal(3, ring.Add(30, out var evicted));
        Assert.Equal((0L, 0), evicted);
        Assert.False(ring.TryGet(0, out _));
        Assert.True(ring.TryGet(1, out var kept));
        Assert.Equal(10, kept);
        Assert.False(ring.TryGet(4, out _), "a sequence number not given yet");
        Assert.Equal([10, 20, 30], ring.OldestFirst());
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void Values_keep_their_numbers_as_the_ring_grows_and_wraps()
    {
        var ring = new RecentRing<long>(100);
        for (var i = 0L; i < 250; i++)
        {
            ring.Add(i * 3, out _);
        }

        Assert.Equal(Enumerable.Range(150, 100).Select(i => i * 3L), ring.OldestFirst());
        Assert.All(Enumerable.Range(150, 100), i => Assert.True(ring.TryGet(i, out var value) && value == i * 3L));
        Assert.False(ring.TryGet(149, out _));
    }

    [Fact]
    public void A_ring_that_keeps_nothing_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentRing<int>(0));
    }
}
