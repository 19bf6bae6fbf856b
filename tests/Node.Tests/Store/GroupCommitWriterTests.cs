using LnRelay.Node.Store;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Store;

public sealed class GroupCommitWriterTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Changes_staged_from_many_threads_become_durable_in_fewer_commits_than_changes()
    {
        const int Threads = 8;
        const int PerThread = 500;
        using var store = _folder.Open();
        using var writer = store.StartWriter();
        var tasks = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var mark = writer.Stage(new CircuitOpened((ulong)t, (ulong)i, 0, 0, new byte[32]));
                if (i % 50 == 0)
                {
                    await writer.WhenDurable(mark);
                    Assert.True(writer.IsDurable(mark));
                }
            }
        })).ToList();
        await Task.WhenAll(tasks);
        await writer.WhenDurable(writer.StagedMark);

        Assert.Equal(Threads * PerThread, writer.StagedMark);
        Assert.True(writer.Commits < Threads * PerThread, $"{writer.Commits} commits for {Threads * PerThread} changes");
        Assert.Equal(Threads * PerThread, writer.ChangesWritten);
    }

    [Fact]
    public async Task A_mark_is_durable_only_once_its_change_is_readable_after_a_reopen()
    {
        long mark;
        using (var store = _folder.Open())
        using (var writer = store.StartWriter())
        {
            Assert.True(writer.IsDurable(0));
            mark = writer.Stage(new NodeSaved(_folder.NodeId, 1234));
            await writer.WhenDurable(mark);
            Assert.True(writer.IsDurable(mark));
            Assert.False(writer.IsDurable(mark + 1));
        }

        using var again = _folder.Open();
        Assert.Equal(1234u, again.Load(DateTimeOffset.UnixEpoch, 10).BlockHeight);
    }

    [Fact]
    public async Task Whole_row_rewrites_in_one_batch_keep_the_last_and_other_changes_keep_their_order()
    {
        using (var store = _folder.Open())
        using (var writer = store.StartWriter())
        {
            var policy = Channels.ChannelPolicy.Default;
            for (ulong i = 0; i < 100; i++)
            {
                writer.Stage(new ChannelSaved(7, 1000, 1000 - i, i, i, 0, policy));
                writer.Stage(new CircuitOpened(7, i, 1, i, new byte[32]));
                writer.Stage(new CircuitClosed(7, i));
            }

            writer.Stage(new CircuitOpened(7, 500, 1, 500, new byte[32]));
            await writer.WhenDurable(writer.StagedMark);
        }

        using var again = _folder.Open();
        var snapshot = again.Load(DateTimeOffset.UnixEpoch, 10);
        Assert.Equal(901UL, snapshot.Channels[7].Row.LocalMsat);
        Assert.Equal(99UL, snapshot.Channels[7].Row.NextOfferedId);
        Assert.Equal([500UL], snapshot.Circuits.Select(c => c.OutId));
    }

    [Fact]
    public async Task No_transaction_ends_inside_an_open_group_so_a_decision_is_durable_whole_or_not_at_all()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter();
        var (inGroup, outside, later) = await Task.Run(() => StageAroundAGroup(writer));
        await later;
        await writer.WhenDurable(writer.StagedMark);
        Assert.True(writer.IsDurable(inGroup) && writer.IsDurable(outside));
    }

    [Fact]
    public async Task A_wait_is_not_answered_by_a_commit_that_ends_short_of_its_mark_at_an_open_group()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter(TimeSpan.FromHours(1));
        var before = writer.Stage(new CircuitOpened(1, 0, 0, 0, new byte[32]));
        using var release = new ManualResetEventSlim();
        using var held = new ManualResetEventSlim();
        var holder = Task.Run(() =>
        {
            using (writer.OpenGroup())
            {
                writer.Stage(new CircuitOpened(1, 1, 0, 0, new byte[32]));
                held.Set();
                release.Wait();
            }
        });
        held.Wait();

        // Staged after the open group: the next commit may write 'before' but must stop at the group.
        var after = writer.Stage(new CircuitOpened(2, 0, 0, 0, new byte[32]));
        var wait = writer.WhenDurable(after);
        await Eventually.TrueAsync(() => writer.IsDurable(before), "the commit the wait asked for writes what precedes the group");
        Assert.False(wait.IsCompleted, "a wait answered by a commit that did not write its mark would let a message leave before its decision");
        Assert.False(writer.IsDurable(after));

        release.Set();
        await holder;
        await wait;
        Assert.True(writer.IsDurable(after));
    }

    /// <summary>A group belongs to its thread, so this part runs on one, without await.</summary>
    private static (long InGroup, long Outside, Task Later) StageAroundAGroup(GroupCommitWriter writer)
    {
        var before = writer.Stage(new CircuitOpened(1, 0, 0, 0, new byte[32]));
        using (writer.OpenGroup())
        {
            var inGroup = writer.Stage(new CircuitOpened(1, 1, 0, 0, new byte[32]));
            var outside = Task.Run(() => writer.Stage(new CircuitOpened(2, 1, 0, 0, new byte[32]))).GetAwaiter().GetResult();
            using (writer.OpenGroup())
            {
                writer.Stage(new CircuitOpened(1, 2, 0, 0, new byte[32]));
            }

            writer.WhenDurable(before).GetAwaiter().GetResult();
            var later = writer.WhenDurable(outside);
            Assert.False(writer.IsDurable(inGroup));
            Assert.False(later.IsCompleted);
            return (inGroup, outside, later);
        }
    }

    [Fact]
    public async Task A_second_thread_waits_for_the_open_group_to_close_before_opening_its_own()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter();
        var order = new List<string>();
        using var opened = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() =>
        {
            using (writer.OpenGroup())
            {
                opened.Set();
                release.Wait();
                lock (order)
                {
                    order.Add("first closes");
                }
            }
        });
        opened.Wait();
        var second = Task.Run(() =>
        {
            using (writer.OpenGroup())
            {
                lock (order)
                {
                    order.Add("second opens");
                }
            }
        });
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(200))));
        release.Set();
        await Task.WhenAll(first, second);
        Assert.Equal(["first closes", "second opens"], order);
    }

    [Fact]
    public async Task Changes_nobody_waits_for_ride_with_the_next_change_somebody_waits_for()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter(TimeSpan.FromHours(1));
        var unwaited = writer.Stage(new CircuitOpened(1, 1, 0, 0, new byte[32]));
        writer.Stage(new CircuitOpened(1, 2, 0, 0, new byte[32]));
        var waited = writer.Stage(new CircuitOpened(1, 3, 0, 0, new byte[32]));
        Assert.False(writer.IsDurable(unwaited));

        await writer.WhenDurable(waited);

        Assert.True(writer.IsDurable(unwaited));
        Assert.Equal(1, writer.Commits);
        Assert.Equal(3, writer.ChangesWritten);
    }

    [Fact]
    public async Task A_change_nobody_waits_for_is_still_written_once_it_has_lingered()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter(TimeSpan.FromMilliseconds(10));
        var mark = writer.Stage(new NodeSaved(_folder.NodeId, 4321));

        await Eventually.TrueAsync(() => writer.IsDurable(mark), "the change is written without anybody waiting for it");
        Assert.Equal(1, writer.Commits);
    }

    [Fact]
    public async Task A_wait_for_a_change_staged_after_a_commit_started_gets_a_commit_of_its_own()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter(TimeSpan.FromHours(1));
        for (var i = 0UL; i < 50; i++)
        {
            await writer.WhenDurable(writer.Stage(new CircuitOpened(2, i, 0, 0, new byte[32])));
        }

        Assert.Equal(50, writer.Commits);
    }

    [Fact]
    public async Task A_failed_write_faults_every_wait_and_the_completion_with_the_file_named()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter();
        await writer.WhenDurable(writer.Stage(new CircuitOpened(1, 1, 1, 1, new byte[32])));

        // The same primary key again: the transaction fails, as a full disk would make it fail.
        var mark = writer.Stage(new CircuitOpened(1, 1, 1, 1, new byte[32]));
        var e = await Assert.ThrowsAsync<StoreFailedException>(() => writer.WhenDurable(mark));
        Assert.Contains(_folder.DbPath, e.Message);
        await Assert.ThrowsAsync<StoreFailedException>(() => writer.Completion);
        await Assert.ThrowsAsync<StoreFailedException>(() => writer.WhenDurable(writer.Stage(new CircuitClosed(1, 1))));
        Assert.False(writer.IsDurable(mark));
    }
}
