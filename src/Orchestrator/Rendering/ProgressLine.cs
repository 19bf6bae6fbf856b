using System.Globalization;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>
/// A one-line progress bar on stderr: redrawn in place on a terminal, and written only
/// when finished when stderr is redirected (logs and tests get one line, not hundreds).
/// </summary>
internal sealed class ProgressLine(TextWriter output, string what)
{
    private const int Width = 30;
    private readonly bool _interactive = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;

    public void Update(int done, int total, TimeSpan elapsed)
    {
        if (!_interactive)
        {
            return;
        }

        var filled = total == 0 ? Width : done * Width / total;
        output.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} {what} ({elapsed.TotalSeconds:0.0} s)  "));
        output.Flush();
    }

    public void Done(string summary)
    {
        output.Write(_interactive ? "\r" + new string(' ', Width + what.Length + 30) + "\r" : "");
        output.WriteLine($"{what}: {summary}");
        output.Flush();
    }
}
