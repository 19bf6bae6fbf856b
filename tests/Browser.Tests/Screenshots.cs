using PuppeteerSharp;

namespace LnRelay.Browser.Tests;

/// <summary>
/// Where the tests' screenshots go: $LNRELAY_SCREENSHOTS (script/screenshots points it at docs/),
/// else screenshots/ beside the test assembly, a test artefact for people to look at.
/// </summary>
internal static class Screenshots
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("LNRELAY_SCREENSHOTS") is { Length: > 0 } set ? set : Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>Writes NAME.png of the whole page and returns its path.</summary>
    public static async Task<string> TakeAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is suspiciously small");
        return path;
    }
}
