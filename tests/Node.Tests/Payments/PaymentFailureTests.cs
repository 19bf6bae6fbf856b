using System.Text.Json;
using LnRelay.Node.Payments;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Tests.Payments;

/// <summary>The payer's failure vocabulary: each kind has one name, a wire code is its own name, and the API's JSON keeps its shape.</summary>
public sealed class PaymentFailureTests
{
    private static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Theory]
    [InlineData(PaymentFailureKind.DuplicatePayment, "duplicate_payment")]
    [InlineData(PaymentFailureKind.NoRoute, "no_route")]
    [InlineData(PaymentFailureKind.OnionTooLarge, "onion_too_large")]
    [InlineData(PaymentFailureKind.LocalFailure, "local_failure")]
    [InlineData(PaymentFailureKind.WrongPreimage, "wrong_preimage")]
    [InlineData(PaymentFailureKind.UnreadableFailure, "unreadable_failure")]
    [InlineData(PaymentFailureKind.MalformedFailureMessage, "malformed_failure_message")]
    public void A_failure_that_no_hop_sent_is_named_by_its_kind_and_read_back_as_it(PaymentFailureKind kind, string name)
    {
        var failure = PaymentFailure.Here(kind, "why");

        Assert.Equal(name, failure.Name);
        Assert.Equal((PaymentFailure.NoWireCode, PaymentFailure.NotSent, (string?)null), (failure.Code, failure.Hop, failure.Node));
        Assert.Equal(kind, PaymentFailureKindNames.Of(failure.Code, failure.Name));
    }

    [Fact]
    public void A_hop_failure_is_named_by_its_wire_code()
    {
        var failure = PaymentFailure.FromHop(FailureCode.TemporaryChannelFailure, 1, "carol", "");

        Assert.Equal((0x1007, "temporary_channel_failure", 1, "carol"), (failure.Code, failure.Name, failure.Hop, failure.Node));
        Assert.Equal(PaymentFailureKind.HopFailure, failure.Kind);
    }

    [Fact]
    public void The_local_cause_stays_out_of_the_api_json()
    {
        var failure = PaymentFailure.Here(PaymentFailureKind.LocalFailure, "bob is not connected", LocalFailureCause.PeerOffline);

        var json = JsonSerializer.Serialize(failure, Snake);

        Assert.Equal("""{"code":0,"name":"local_failure","hop":-1,"node":null,"detail":"bob is not connected"}""", json);
        Assert.Equal("peer_offline", failure.LocalCause!.Value.Name());
    }
}
