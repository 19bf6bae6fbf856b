using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace LnRelay.Orchestrator.NetworkSetup;

/// <summary>
/// The ports that <c>lnrelay</c> processes of this user on this machine handed out lately, so
/// that networks initialised side by side by different processes (two terminals, or a test
/// suite's parallel runs) do not get the same port: <c>init</c> only checks that a port is
/// free at init time, and another <c>init</c> may choose it before the first network's
/// node listens (docs/topology.md, "Ports"). One small text file in the temp folder, a line
/// "PORT UNIX-SECONDS" per port, read and rewritten under an exclusive lock (.NET's
/// <see cref="FileShare.None"/> is an flock on Unix); lines older than <see cref="Memory"/>
/// or unreadable are dropped. Without the file (no temp folder, no lock within
/// <see cref="LockWait"/>) ports are still chosen free, only not remembered across processes.
/// </summary>
internal sealed class PortLedger(string path, TimeProvider time, TimeSpan? lockWait = null)
{
    /// <summary>How long a handed-out port is avoided: far longer than any init-to-up gap seen in practice.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    /// <summary>How long a claim waits for another process's claim to finish (each takes milliseconds).</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(10);

    /// <summary>The ledger of the running user, in the temp folder ($TMPDIR or /tmp).</summary>
    public static PortLedger Default { get; } = new(DefaultPath(), TimeProvider.System);

    public string Path { get; } = path;

    /// <summary>
    /// Runs <paramref name="choose"/> with every port handed out within <see cref="Memory"/>
    /// (by any process) and when, and records the ports it returns as handed out now. The
    /// ledger stays locked meanwhile, so two claims never see the same past.
    /// </summary>
    public IReadOnlyList<int> Claim(Func<IReadOnlyDictionary<int, DateTimeOffset>, IReadOnlyList<int>> choose)
    {
        using var file = Open();
        if (file is null)
        {
            return choose(new Dictionary<int, DateTimeOffset>());
        }

        var now = time.GetUtcNow();
        var recent = Read(file, now - Memory);
        var chosen = choose(recent);
        var after = new Dictionary<int, DateTimeOffset>(recent);
        foreach (var port in chosen)
        {
            after[port] = now;
        }

        Write(file, after);
        return chosen;
    }

    private static string DefaultPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lnrelay-{Environment.UserName}", "ports-handed-out");

    /// <summary>The ledger opened and locked, or null when it cannot be (then nothing is remembered).</summary>
    private FileStream? Open()
    {
        var wait = Stopwatch.StartNew();
        try
        {
            var dir = System.IO.Path.GetDirectoryName(Path)!;
            if (!Directory.Exists(dir))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(dir);
                }
                else
                {
                    Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        while (true)
        {
            try
            {
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            catch (IOException) when (wait.Elapsed < (lockWait ?? LockWait))
            {
                // Another process holds the lock for the few milliseconds of its claim.
                Thread.Sleep(LockRetry);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static Dictionary<int, DateTimeOffset> Read(FileStream file, DateTimeOffset since)
    {
        var recent = new Dictionary<int, DateTimeOffset>();
        using var reader = new StreamReader(file, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && port is > 0 and <= IPEndPoint.MaxPort
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                && DateTimeOffset.FromUnixTimeSeconds(seconds) is var at
                && at >= since)
            {
                recent[port] = recent.TryGetValue(port, out var seen) && seen > at ? seen : at;
            }
        }

        return recent;
    }

    private static void Write(FileStream file, Dictionary<int, DateTimeOffset> recent)
    {
        var text = new StringBuilder(recent.Count * 18);
        foreach (var (port, at) in recent.OrderBy(p => p.Value).ThenBy(p => p.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{port} {at.ToUnixTimeSeconds()}\n");
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        try
        {
            file.Position = 0;
            file.Write(bytes);
            file.SetLength(bytes.Length);
            file.Flush();
        }
        catch (IOException)
        {
            // A full disk loses only the memory of these ports; they were still chosen free.
        }
    }
}
