namespace LnRelay.Node.Hosting;

/// <summary>The lnrelay-node entry point.</summary>
public static class NodeProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("lnrelay-node: the node host is being assembled; see issue 5.");
        return Task.FromResult(1);
    }
}
