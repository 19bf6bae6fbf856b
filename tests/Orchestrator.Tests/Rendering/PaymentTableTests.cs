using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Orchestrator.Tests.Rendering;

/// <summary>The results table: a narrow terminal cuts only the failure column; a payment that went around a closed channel gets its note.</summary>
public sealed class PaymentTableTests
{
    private static readonly string LongFailure = new('x', 80);

    [Fact]
    public void A_table_wider_than_the_terminal_cuts_the_shrinkable_column_and_nothing_else()
    {
        var table = new TextTable("name", "failure", "ms") { Shrinkable = 1 };
        table.Add("alice", LongFailure, "12");
        var text = new StringWriter();

        table.Write(text, width: 40);

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 40, l));
        Assert.StartsWith("alice  xxx", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("…  12", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Written_anywhere_but_a_terminal_nothing_is_cut()
    {
        var table = new TextTable("name", "failure") { Shrinkable = 1 };
        table.Add("alice", LongFailure);
        var text = new StringWriter();

        table.Write(text);

        Assert.Contains(LongFailure, text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_success_after_unknown_next_peer_is_explained_under_the_table()
    {
        var text = new StringWriter();

        PaymentTable.Write(text, [Record(PaymentStatus.Succeeded, FailureCode.UnknownNextPeer)]);

        Assert.Contains("Note: unknown_next_peer on a payment that succeeded is expected", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PaymentStatus.Failed, FailureCode.UnknownNextPeer)]
    [InlineData(PaymentStatus.Succeeded, FailureCode.FeeInsufficient)]
    public void Other_outcomes_get_no_note(PaymentStatus status, FailureCode code)
    {
        var text = new StringWriter();

        PaymentTable.Write(text, [Record(status, code)]);

        Assert.DoesNotContain("Note:", text.ToString(), StringComparison.Ordinal);
    }

    private static PaymentRecord Record(PaymentStatus status, FailureCode firstFailure) => new(
        "alice",
        "eve",
        100_000,
        new PaymentResult
        {
            PaymentHash = new string('0', 64),
            Payee = "eve",
            AmountMsat = 100_000,
            Status = status,
            Attempts = [new PaymentAttempt(["alice", "bob", "eve"], 0, PaymentFailure.FromHop(firstFailure, 0, "bob", ""))],
        },
        5);
}
