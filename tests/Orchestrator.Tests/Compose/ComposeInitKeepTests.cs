using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Cli;

namespace LnRelay.Orchestrator.Tests.Compose;

/// <summary>
/// 'lnrelay init --keep-existing', as the compose init service runs it on every 'up': the
/// first run writes the network, later runs keep its keys, and a folder holding another
/// network is refused rather than mixed.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class ComposeInitKeepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-keep-").FullName;

    private string Net => Path.Combine(_folder, "net");

    [Fact]
    public async Task KeepExisting_InitialisesAnEmptyFolder_ThenKeepsItsKeys()
    {
        Assert.Equal(0, await InitAsync("--hosts", "container", "--keep-existing"));
        var key = File.ReadAllText(Path.Combine(Net, "carol", DataFolder.KeyFileName));
        var token = File.ReadAllText(Path.Combine(Net, "carol", DataFolder.TokenFileName));

        Assert.Equal(0, await InitAsync("--hosts", "container", "--keep-existing"));

        Assert.Equal(key, File.ReadAllText(Path.Combine(Net, "carol", DataFolder.KeyFileName)));
        Assert.Equal(token, File.ReadAllText(Path.Combine(Net, "carol", DataFolder.TokenFileName)));
    }

    [Fact]
    public async Task KeepExisting_RefusesAFolderOfAnotherTopology_OrOtherHosts_AndSaysHowToReplaceIt()
    {
        var other = Path.Combine(_folder, "two.yaml");
        File.WriteAllText(other, "network: two\nnodes: [ann, ben]\nchannels:\n  - between: [ann, ben]\n    capacity_msat: 1000\n");
        Assert.Equal(0, await InitAsync("--topology", other));

        var error = new StringWriter();
        Assert.Equal(1, await InitAsync(error, "--keep-existing"));
        Assert.Contains("holds network 'two' (ann, ben; 1 channels), not this topology's 'five-node'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Use --force to replace it", error.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        Assert.Equal(1, await InitAsync(error, "--topology", other, "--hosts", "container", "--keep-existing"));
        Assert.Contains("initialised for local hosts, not --hosts container", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForceAndKeepExisting_Together_AreAUsageError()
    {
        var error = new StringWriter();

        Assert.Equal(2, await InitAsync(error, "--force", "--keep-existing"));

        Assert.Contains("give one or the other", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Net));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<int> InitAsync(params string[] args) => InitAsync(new StringWriter(), args);

    /// <summary>
    /// 'lnrelay init --out NET ARGS' through the command line itself (option errors are exit 2);
    /// the verb writes to the console, which is process-wide, hence this class's collection.
    /// </summary>
    private async Task<int> InitAsync(StringWriter error, params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(error);
        try
        {
            return await LnRelayCli.RunAsync(["init", "--out", Net, .. args], error);
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
