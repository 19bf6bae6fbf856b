using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Cli;

namespace LnRelay.Orchestrator.Tests.Compose;

/// <summary>
/// 'lnrelay init --keep-existing', as the compose init service runs it on every 'up': the
/// first run writes the network, later runs keep its keys, and a folder holding another
/// network is refused rather than mixed.
/// </summary>
public sealed class ComposeInitKeepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-keep-").FullName;

    private string Net => Path.Combine(_folder, "net");

    [Fact]
    public void KeepExisting_InitialisesAnEmptyFolder_ThenKeepsItsKeys()
    {
        Assert.Equal(0, Init("--hosts", "container", "--keep-existing"));
        var key = File.ReadAllText(Path.Combine(Net, "carol", DataFolder.KeyFileName));
        var token = File.ReadAllText(Path.Combine(Net, "carol", DataFolder.TokenFileName));

        Assert.Equal(0, Init("--hosts", "container", "--keep-existing"));

        Assert.Equal(key, File.ReadAllText(Path.Combine(Net, "carol", DataFolder.KeyFileName)));
        Assert.Equal(token, File.ReadAllText(Path.Combine(Net, "carol", DataFolder.TokenFileName)));
    }

    [Fact]
    public void KeepExisting_RefusesAFolderOfAnotherTopology_OrOtherHosts_AndSaysHowToReplaceIt()
    {
        var other = Path.Combine(_folder, "two.yaml");
        File.WriteAllText(other, "network: two\nnodes: [ann, ben]\nchannels:\n  - between: [ann, ben]\n    capacity_msat: 1000\n");
        Assert.Equal(0, Init("--topology", other));

        var error = new StringWriter();
        Assert.Equal(1, Init(error, "--keep-existing"));
        Assert.Contains("holds network 'two' (ann, ben; 1 channels), not this topology's 'five-node'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Use --force to replace it", error.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        Assert.Equal(1, Init(error, "--topology", other, "--hosts", "container", "--keep-existing"));
        Assert.Contains("initialised for local hosts, not --hosts container", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ForceAndKeepExisting_Together_AreAUsageError()
    {
        var error = new StringWriter();

        Assert.Equal(2, Init(error, "--force", "--keep-existing"));

        Assert.Contains("give one or the other", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Net));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private int Init(params string[] args) => Init(new StringWriter(), args);

    /// <summary>Through the parser (so option errors are exit 2), then the verb with its output captured.</summary>
    private int Init(StringWriter error, params string[] args)
    {
        var parse = LnRelayCli.Build().Parse(["init", "--out", Net, .. args]);
        if (parse.Errors.Count > 0)
        {
            error.Write(string.Join("\n", parse.Errors.Select(e => e.Message)));
            return ExitCodes.Usage;
        }

        return InitCommand.Run(
            parse.GetValue<string?>("--topology"),
            Net,
            parse.GetValue<bool>("--force"),
            parse.GetValue<bool>("--keep-existing"),
            null,
            parse.GetValue<Launch.HostStyle>("--hosts"),
            TextWriter.Null,
            error);
    }
}
