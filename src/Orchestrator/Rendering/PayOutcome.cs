using System.Globalization;
using LnRelay.Orchestrator.Client;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>
/// What 'pay' prints at the end: the table of every payment sent (those with an unknown
/// outcome say why), one line for those never sent, and, when a node went away, what
/// happened and what to do.
/// </summary>
internal static class PayOutcome
{
    public static void Write(TextWriter output, TextWriter error, IReadOnlyList<PaymentRecord> results, string? stoppedBecause, string dir)
    {
        var sent = results.Where(r => !r.NotSent).ToList();
        var notSent = results.Count - sent.Count;
        PaymentTable.Write(output, sent);
        if (notSent > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{notSent} payments were not sent (status unknown: no invoice was made, nothing left the payer)."));
        }

        if (stoppedBecause is null)
        {
            return;
        }

        var ended = results.Count(r => r.Unknown is null);
        var unknown = sent.Count(r => r.Unknown is not null);
        error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"lnrelay: {stoppedBecause} Sending stopped: {ended} payments ended (above), {unknown} in flight have an unknown outcome, {notSent} were not sent. " +
            $"Is the network running ('lnrelay up --dir {dir}')? 'lnrelay audit --dir {dir}' accounts for what happened."));
    }
}
