using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>
/// The recorded 'lnrelay demo' run in Web/run (network.json, results.json, each node's log; no
/// keys or tokens): a fixed input, so what the web code makes of it must never change by itself.
/// </summary>
internal static class RecordedRun
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Web", "run");

    /// <summary>The first "4 hops" payment (eve -> dave -> carol -> bob -> alice): the one the demo's knowledge table shows.</summary>
    public const string FourHops = "673bfb7dc36bfd00";

    /// <summary>"unknown hash": alice -> bob -> carol -> dave, failed by dave with incorrect_or_unknown_payment_details.</summary>
    public const string UnknownHash = "2ae5670433b28835";

    public static RunFolder Load()
    {
        var run = RunFolder.Load(Directory, out var error);
        Assert.True(run is not null, error);
        return run!;
    }

    public static WebSnapshot Snapshot()
    {
        var run = Load();
        return WebModelBuilder.Build(run.Network, run.Events, run.Results, run.FinishedStates(), "test");
    }

    public static WebPayment Payment(WebSnapshot s, string prefix) => s.Payments.Single(p => p.Hash.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>A copy in a fresh temporary folder (for tests that add files or serve it).</summary>
    public static string CopyToTemp()
    {
        var target = System.IO.Directory.CreateTempSubdirectory("lnrelay-web-").FullName;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }
}
