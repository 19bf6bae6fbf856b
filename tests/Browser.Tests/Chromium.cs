using PuppeteerSharp;

namespace LnRelay.Browser.Tests;

/// <summary>
/// Debian's chromium, headless, driven by PuppeteerSharp over the DevTools protocol (docs/web.md).
/// Nothing is downloaded: the executable is /usr/bin/chromium (script/test installs it with
/// apt-get when missing) or $LNRELAY_CHROMIUM. The flags are those a root user with no network
/// needs: no sandbox, no GPU, and none of Chromium's calls home.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-prefers-reduced-motion",
    ];

    /// <summary>Deadline for launching, navigating and waiting for the page: generous, since only a failure waits this long.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);

    private string? _profile;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("LNRELAY_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"No browser at {ExecutablePath}: the browser tests need Debian's chromium. Run script/test (it installs it), or 'sudo apt-get install chromium', or set LNRELAY_CHROMIUM to a Chromium executable.");
        }

        _profile = Directory.CreateTempSubdirectory("lnrelay-chromium-").FullName;
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            UserDataDir = _profile,
            Args = Flags,
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },

            // CI machines share their cores: starting a browser may take a while there.
            Timeout = (int)Slow.TotalMilliseconds,
        });
    }

    /// <summary>A new tab that records console errors, uncaught exceptions and failed requests into <paramref name="errors"/>.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors)
    {
        var page = await Browser.NewPageAsync();
        page.DefaultTimeout = (int)Slow.TotalMilliseconds;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                lock (errors)
                {
                    // Chromium's "Failed to load resource" names only the status; the location says which resource.
                    var at = e.Message.Location?.URL is { Length: > 0 } url ? $" ({url})" : "";
                    errors.Add("console: " + e.Message.Text + at);
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (errors)
            {
                errors.Add("page error: " + e.Message);
            }
        };
        page.RequestFailed += (_, e) =>
        {
            lock (errors)
            {
                errors.Add("request failed: " + e.Request.Url);
            }
        };
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            await Browser.DisposeAsync();
        }

        if (_profile is not null)
        {
            Directory.Delete(_profile, recursive: true);
        }
    }
}
