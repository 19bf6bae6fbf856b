using System.Text.Json.Nodes;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// What <c>bench network --processes</c> and its children (<see cref="ShardWorker"/>) say to
/// each other over the child's stdin and stdout: one JSON object per line.
/// <list type="bullet">
/// <item>Parent to child: <c>{"op": "invoice" | "pay" | "peers" | "block" | "stats" | "stop", "id": N, ...}</c>;
/// a request with an id gets one answer with the same id ("pay" when the payment ends).</item>
/// <item>Child to parent, besides answers: events <c>{"event": "baseline" | "progress" | "started" | "failed", ...}</c>
/// while it starts its nodes ("failed" with the error, naming the node, before it exits 1).</item>
/// </list>
/// Lines that are not JSON objects (a runtime's message) are kept for the error report, not parsed.
/// </summary>
internal static class ShardProtocol
{
    /// <summary>Writes whole lines, one at a time, each flushed at once (the other side waits for it).</summary>
    internal sealed class Writer(TextWriter output)
    {
        private readonly Lock _gate = new();

        public void Send(JsonObject message)
        {
            var line = message.ToJsonString();
            lock (_gate)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        /// <summary>The "failed" event: why this process cannot go on (the message names the node, if one).</summary>
        public void Failed(string? node, string error) => Send(new JsonObject { ["event"] = "failed", ["node"] = node, ["error"] = error });
    }

    /// <summary>Whether a line is a protocol message (a JSON object) rather than something else the process printed.</summary>
    public static bool IsMessage(string line) => line.StartsWith('{');
}
