using LnRelay.Orchestrator.Bench;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Tests;

/// <summary><c>bench onion</c> times what it claims: its inputs peel to the outcome each figure is named after.</summary>
public sealed class BenchOnionSetupTests
{
    [Fact]
    public void BlindedRelayInput_PeelsAsABlindedRelayForward()
    {
        var setup = BenchOnionSetup.Create();
        var result = BlindedOnionPeeler.Peel(setup.BlindedRelayKey, setup.BlindedRelayPathKey, setup.AssociatedData, setup.BlindedRelayPacket);
        Assert.Equal(BlindedPeelOutcome.Forward, result.Outcome);
        Assert.False(result.IsIntroduction);
        Assert.NotNull(result.NextPathKey);
        Assert.Equal(setup.BlindedBlob.Length, result.Payload!.EncryptedRecipientData.Length);
    }

    [Fact]
    public void ClearInput_PeelsAsAForward()
    {
        var setup = BenchOnionSetup.Create();
        Assert.Equal(OnionPeelOutcome.Forward, OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5).Outcome);
    }
}
