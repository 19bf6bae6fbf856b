using Microsoft.Extensions.Configuration;

namespace LnRelay.Node.Hosting;

/// <summary>
/// The lnrelay-node entry point: reads settings (appsettings.json in the working
/// folder, LNRELAY_ environment variables, the command line), checks them and the
/// data folder, and runs the node until Ctrl+C or SIGTERM.
/// Exit codes: 0 stopped cleanly, 1 could not start, 2 a configuration error.
/// </summary>
internal static class NodeProgram
{
    private const string Usage = """
        lnrelay-node: one node of an lnrelay network.

        Usage: lnrelay-node --data-dir DIR [--network FILE] [--api-bind ADDRESS] [--peer-bind ADDRESS] [--log-dir DIR] [--in-memory]

          --data-dir DIR       the folder 'lnrelay init' wrote for this node (node.key, api.token, logs/)
          --network FILE       the network description, network.json or network.json.gz (default: the one
                               in DIR if there is one, else the network folder's, DIR/../network.json)
          --api-bind ADDRESS   where the control API listens (default 127.0.0.1; its port is in network.json)
          --peer-bind ADDRESS  where peers connect (default 127.0.0.1; use 0.0.0.0 in a container)
          --log-dir DIR        where NAME.jsonl goes (default DIR/logs)
          --in-memory          keep no database: start from network.json every time, lose state on a crash
                               (default: DIR/node.db keeps channels, HTLCs, invoices and payments, and the
                               node resumes from it after a restart; see docs/store.md)

        Every setting can also come from appsettings.json or the environment, e.g.
        LNRELAY_DataDir, LNRELAY_Peers__PingIntervalSeconds, LNRELAY_Faults__CorruptForwardedOnions=true.
        See docs/node.md.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await RunCheckedAsync(args);
        }
        catch (Crypto.CryptoUnavailableException e)
        {
            // A machine without the native libraries: one line that says what to install.
            await Console.Error.WriteLineAsync($"lnrelay-node: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunCheckedAsync(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        IConfiguration config;
        try
        {
            config = new ConfigurationBuilder()
                .SetBasePath(Directory.GetCurrentDirectory())
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables("LNRELAY_")
                .AddCommandLine(NodeSettings.ExpandFlags(args), NodeSettings.SwitchMappings)
                .Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            await Console.Error.WriteLineAsync($"lnrelay-node: configuration error: {e.Message}");
            return 2;
        }

        var settings = NodeSettings.Bind(config, out var errors);
        if (settings is null)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"lnrelay-node: configuration error: {error}");
            }

            await Console.Error.WriteLineAsync("Run 'lnrelay-node --help' for usage.");
            return 2;
        }

        var folder = DataFolder.Load(settings.DataDir, settings.NetworkFile);
        if (!folder.Succeeded)
        {
            foreach (var error in folder.Errors)
            {
                await Console.Error.WriteLineAsync($"lnrelay-node: {error}");
            }

            return 2;
        }

        try
        {
            await using var app = NodeHost.Build(settings, folder);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"lnrelay-node: cannot start {folder.Identity!.Entry.Name}: {e.Message}");
            return 1;
        }
    }
}
