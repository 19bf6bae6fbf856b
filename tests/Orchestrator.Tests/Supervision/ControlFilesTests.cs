using System.Diagnostics;
using LnRelay.Orchestrator.Supervision;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests.Supervision;

/// <summary>The pid files the node verbs trust (docs/supervision.md, "How the verbs talk to the supervisor").</summary>
public sealed class ControlFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lnrelay-control-").FullName;

    [Fact]
    public void A_pid_file_naming_a_live_process_with_its_start_time_is_trusted()
    {
        var self = SelfRecord();
        ControlFiles.WritePid(_dir, self);

        Assert.Equal(self.Pid, ControlFiles.LiveNode(_dir)?.Pid);
        Assert.False(File.Exists(ControlFiles.PidFile(_dir) + ".tmp"));
    }

    [Fact]
    public void A_pid_whose_process_started_at_another_time_is_a_recycled_pid_and_not_trusted()
    {
        var self = SelfRecord();
        ControlFiles.WritePid(_dir, self with { StartedAt = self.StartedAt - TimeSpan.FromHours(1) });

        Assert.Null(ControlFiles.LiveNode(_dir));
    }

    [Fact]
    public void A_live_process_is_known_by_its_start_in_ticks_after_boot_whatever_the_wall_clock_says()
    {
        var self = SelfRecord();
        var ticks = ControlFiles.StartTicks(self.Pid);
        Assert.NotNull(ticks);
        Assert.Equal(ticks, ProcessRecord.Of(self.Pid, self.StartedAt).StartTicks);

        // A reader whose boot time (wall clock minus time since boot) is an hour off the writer's still knows it.
        ControlFiles.WritePid(_dir, ProcessRecord.Of(self.Pid, self.StartedAt - TimeSpan.FromHours(1)));
        Assert.Equal(self.Pid, ControlFiles.LiveNode(_dir)?.Pid);

        // Another start under the same pid (a recycled pid) is not trusted, whatever the start time says.
        ControlFiles.WritePid(_dir, self with { StartTicks = ticks + 1 });
        Assert.Null(ControlFiles.LiveNode(_dir));
    }

    [Fact]
    public async Task A_process_that_ended_and_waits_as_a_zombie_is_not_trusted()
    {
        // sh starts a child, then becomes 'sleep', which never collects a child: once the child is
        // killed it stays a zombie, as a killed 'up' does until init reaps it.
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 60 & echo $!; exec sleep 60"]) { RedirectStandardOutput = true })!;
        try
        {
            var child = int.Parse((await parent.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
            await Eventually.TrueAsync(() => File.ReadAllText($"/proc/{parent.Id}/comm").Trim() == "sleep", "sh replaced by sleep, which never collects its child");
            ControlFiles.WritePid(_dir, new ProcessRecord(child, DateTimeOffset.UtcNow) { StartTicks = ControlFiles.StartTicks(child) });
            Assert.Equal(child, ControlFiles.LiveNode(_dir)?.Pid);

            using (var running = Process.GetProcessById(child))
            {
                running.Kill();
            }

            await Eventually.TrueAsync(() => File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), $"process {child} a zombie");
            Assert.Null(ControlFiles.LiveNode(_dir));
            Assert.Null(ControlFiles.StartTicks(child));
        }
        finally
        {
            parent.Kill();
            await parent.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"pid\": 12")]
    [InlineData("not json")]
    public void A_missing_or_half_written_pid_file_reads_as_no_process(string text)
    {
        Assert.Null(ControlFiles.LiveNode(_dir));
        File.WriteAllText(ControlFiles.PidFile(_dir), text);
        Assert.Null(ControlFiles.LiveNode(_dir));
    }

    [Fact]
    public void The_stop_marker_is_set_and_cleared_and_clearing_twice_is_harmless()
    {
        Assert.False(ControlFiles.StopRequested(_dir));
        ControlFiles.RequestStop(_dir, "a test");
        Assert.True(ControlFiles.StopRequested(_dir));
        ControlFiles.ClearStop(_dir);
        ControlFiles.ClearStop(_dir);
        Assert.False(ControlFiles.StopRequested(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ProcessRecord SelfRecord()
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessRecord(Environment.ProcessId, new DateTimeOffset(self.StartTime.ToUniversalTime()));
    }
}
