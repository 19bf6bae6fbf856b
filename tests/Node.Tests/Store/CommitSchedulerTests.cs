using LnRelay.Node.Store;
using LnRelay.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Tests.Store;

/// <summary>One commit thread for every store of a process (docs/store.md "Group commit"): each store keeps its own marks, groups and failure.</summary>
public sealed class CommitSchedulerTests : IDisposable
{
    private static readonly TimeSpan NeverLinger = TimeSpan.FromHours(1);

    private readonly StoreFolder _first = new();
    private readonly StoreFolder _second = new();
    private readonly CommitScheduler _scheduler = new("test store writer");

    public void Dispose()
    {
        _scheduler.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task Two_stores_are_committed_by_one_thread_and_a_wait_is_answered_only_once_its_change_can_be_read_back()
    {
        using var firstStore = _first.Open();
        using var secondStore = _second.Open();
        using var first = firstStore.StartWriter(NeverLinger, _scheduler);
        using var second = secondStore.StartWriter(NeverLinger, _scheduler);

        var a = first.Stage(new CircuitOpened(1, 1, 0, 0, new byte[32]));
        var b = second.Stage(new CircuitOpened(2, 1, 0, 0, new byte[32]));
        Assert.Equal(0, CircuitsOnDisk(_first.DbPath));
        Assert.Equal(0, CircuitsOnDisk(_second.DbPath));
        Assert.Empty(_scheduler.ThreadIds);

        await first.WhenDurable(a);
        Assert.Equal(1, CircuitsOnDisk(_first.DbPath));
        Assert.False(second.IsDurable(b), "nobody waited for the second store's change and it does not linger out for an hour");
        Assert.Equal(0, CircuitsOnDisk(_second.DbPath));
        var thread = Assert.Single(_scheduler.ThreadIds);

        await second.WhenDurable(b);
        Assert.Equal(1, CircuitsOnDisk(_second.DbPath));
        Assert.Equal(thread, Assert.Single(_scheduler.ThreadIds));
        Assert.Equal(1, first.Commits);
        Assert.Equal(1, second.Commits);
    }

    [Fact]
    public async Task A_store_that_fails_faults_only_its_own_waits_and_the_other_store_goes_on_committing()
    {
        using var failingStore = _first.Open();
        using var healthyStore = _second.Open();
        using var failing = failingStore.StartWriter(NeverLinger, _scheduler);
        using var healthy = healthyStore.StartWriter(NeverLinger, _scheduler);
        await failing.WhenDurable(failing.Stage(new CircuitOpened(1, 1, 1, 1, new byte[32])));

        // The same primary key again: the transaction fails, as a full disk would make it fail.
        var bad = failing.Stage(new CircuitOpened(1, 1, 1, 1, new byte[32]));
        var good = healthy.Stage(new CircuitOpened(2, 1, 1, 1, new byte[32]));
        var failed = failing.WhenDurable(bad);
        var written = healthy.WhenDurable(good);

        var e = await Assert.ThrowsAsync<StoreFailedException>(() => failed);
        Assert.Contains(_first.DbPath, e.Message);
        await Assert.ThrowsAsync<StoreFailedException>(() => failing.Completion);
        await written;
        Assert.False(healthy.Completion.IsCompleted);

        for (var i = 2UL; i < 20; i++)
        {
            await healthy.WhenDurable(healthy.Stage(new CircuitOpened(2, i, 1, i, new byte[32])));
            await Assert.ThrowsAsync<StoreFailedException>(() => failing.WhenDurable(failing.Stage(new CircuitOpened(3, i, 1, i, new byte[32]))));
        }

        Assert.Equal(19, CircuitsOnDisk(_second.DbPath));
        Assert.Equal(1, CircuitsOnDisk(_first.DbPath));
        Assert.False(failing.IsDurable(bad));
    }

    [Fact]
    public async Task A_store_held_back_by_an_open_group_does_not_hold_back_the_others()
    {
        using var heldStore = _first.Open();
        using var freeStore = _second.Open();
        using var held = heldStore.StartWriter(NeverLinger, _scheduler);
        using var free = freeStore.StartWriter(NeverLinger, _scheduler);
        using var opened = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        long inGroup = 0;
        var holder = Task.Run(() =>
        {
            using (held.OpenGroup())
            {
                inGroup = held.Stage(new CircuitOpened(1, 1, 0, 0, new byte[32]));
                opened.Set();
                release.Wait();
                held.Stage(new CircuitOpened(1, 2, 0, 0, new byte[32]));
            }
        });
        opened.Wait();
        var heldWait = held.WhenDurable(inGroup);

        for (var i = 0UL; i < 10; i++)
        {
            await free.WhenDurable(free.Stage(new CircuitOpened(2, i, 0, 0, new byte[32])));
        }

        Assert.False(heldWait.IsCompleted, "no transaction ends inside an open group");
        Assert.Equal(0, CircuitsOnDisk(_first.DbPath));

        release.Set();
        await holder;
        await heldWait;
        Assert.Equal(2, CircuitsOnDisk(_first.DbPath));
        Assert.Equal(10, CircuitsOnDisk(_second.DbPath));
    }

    [Fact]
    public async Task Closing_one_store_writes_what_it_staged_while_the_scheduler_serves_another()
    {
        using var busyStore = _second.Open();
        using var busy = busyStore.StartWriter(NeverLinger, _scheduler);
        var load = Task.Run(async () =>
        {
            for (var i = 0UL; i < 200; i++)
            {
                await busy.WhenDurable(busy.Stage(new CircuitOpened(2, i, 0, 0, new byte[32])));
            }
        });

        using (var closingStore = _first.Open())
        using (var closing = closingStore.StartWriter(NeverLinger, _scheduler))
        {
            for (var i = 0UL; i < 50; i++)
            {
                closing.Stage(new CircuitOpened(1, i, 0, 0, new byte[32]));
                if (i % 10 == 0)
                {
                    await closing.WhenDurable(closing.StagedMark);
                }
            }
        }

        Assert.Equal(50, CircuitsOnDisk(_first.DbPath));
        await load;
        Assert.Equal(200, CircuitsOnDisk(_second.DbPath));
    }

    [Fact]
    public async Task Changes_that_linger_in_many_stores_are_all_written_without_anybody_waiting()
    {
        var folders = Enumerable.Range(0, 8).Select(_ => new StoreFolder()).ToList();
        try
        {
            var stores = folders.Select(f => f.Open()).ToList();
            var writers = stores.Select(s => s.StartWriter(TimeSpan.FromMilliseconds(10), _scheduler)).ToList();
            var marks = writers.Select((w, i) => w.Stage(new CircuitOpened((ulong)i, 0, 0, 0, new byte[32]))).ToList();

            await Eventually.TrueAsync(() => writers.Zip(marks).All(p => p.First.IsDurable(p.Second)), "every store's lingering change is written");
            Assert.All(folders, f => Assert.Equal(1, CircuitsOnDisk(f.DbPath)));
            foreach (var (writer, store) in writers.Zip(stores))
            {
                writer.Dispose();
                store.Dispose();
            }
        }
        finally
        {
            folders.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task With_several_threads_each_store_is_committed_in_order_and_every_wait_sees_its_change_on_disk()
    {
        const int Stores = 6;
        const int PerStore = 60;
        using var scheduler = new CommitScheduler("test store writers", threads: 3);
        var folders = Enumerable.Range(0, Stores).Select(_ => new StoreFolder()).ToList();
        try
        {
            var stores = folders.Select(f => f.Open()).ToList();
            var writers = stores.Select(s => s.StartWriter(NeverLinger, scheduler)).ToList();
            var runs = writers.Select((writer, w) => Task.Run(async () =>
            {
                for (var i = 0; i < PerStore; i++)
                {
                    var mark = writer.Stage(new CircuitOpened((ulong)w, (ulong)i, 0, 0, new byte[32]));
                    if (i % 3 == 0)
                    {
                        await writer.WhenDurable(mark);

                        // Answered only once written: another connection reads every change up to the mark.
                        Assert.True(CircuitsOnDisk(folders[w].DbPath) >= i + 1);
                    }
                }

                await writer.WhenDurable(writer.StagedMark);
            })).ToList();
            await Task.WhenAll(runs);

            Assert.Equal(3, scheduler.ThreadIds.Distinct().Count());
            Assert.All(folders, f => Assert.Equal(PerStore, CircuitsOnDisk(f.DbPath)));
            foreach (var (writer, store) in writers.Zip(stores))
            {
                writer.Dispose();
                store.Dispose();
            }
        }
        finally
        {
            folders.ForEach(f => f.Dispose());
        }
    }

    /// <summary>Rows another connection reads: what is committed, not what is staged.</summary>
    private static long CircuitsOnDisk(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM circuits";
        return (long)command.ExecuteScalar()!;
    }
}
