using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>BOLT 4 onion-test.json, byte for byte, with every intermediate of derived-onion-test-intermediates.json.</summary>
public sealed class OnionConstructionVectorTests
{
    private readonly OnionVectorRoute _vector = OnionVectorRoute.Load();

    private BuiltOnion Build(OnionBuildTrace? trace = null)
    {
        Assert.True(OnionBuilder.TryCreateWithSessionKey(_vector.SessionKey, _vector.Hops, _vector.AssociatedData, trace, out var onion, out var refusal), refusal);
        return onion;
    }

    [Fact]
    public void Construction_FromGenerate_EqualsTheOfficialOnion()
    {
        Assert.Equal(Convert.ToHexStringLower(_vector.Onion), Convert.ToHexStringLower(Build().Packet));
    }

    [Fact]
    public void Construction_SharedSecretsEphemeralKeysAndBlindingFactors_MatchIntermediates()
    {
        var trace = new OnionBuildTrace();
        var onion = Build(trace);
        var hops = OnionVectorFiles.Intermediates().GetProperty("hops").EnumerateArray().ToArray();
        Assert.Equal(hops.Length, onion.SharedSecrets.Count);
        for (var i = 0; i < hops.Length; i++)
        {
            Assert.Equal(hops[i].Hex("shared_secret"), onion.SharedSecrets[i]);
            Assert.Equal(hops[i].Hex("ephemeral_pubkey_in_packet"), trace.EphemeralPublicKeys[i]);
            Assert.Equal(hops[i].Hex("blinding_factor"), trace.BlindingFactors[i]);
        }
    }

    [Fact]
    public void Construction_PadStreamAndFiller_MatchIntermediates()
    {
        var trace = new OnionBuildTrace();
        Build(trace);
        var session = OnionVectorFiles.Intermediates().GetProperty("session");
        Assert.Equal(session.Hex("initial_hop_payloads_1300_bytes"), trace.PadStream);
        Assert.Equal(session.GetProperty("filler_length").GetInt32(), trace.Filler.Length);
        Assert.Equal(session.Hex("filler"), trace.Filler);
        Assert.Equal(session.Hex("final_onion"), Build().Packet);
    }

    [Fact]
    public void Construction_WithDeterministicSource_UsesItsFirstKey()
    {
        var source = new DeterministicSessionKeySourceForTests(_vector.SessionKey);
        Assert.True(OnionBuilder.TryCreate(source, _vector.Hops, _vector.AssociatedData, out var onion, out _));
        Assert.Equal(_vector.Onion, onion.Packet);
    }
}
