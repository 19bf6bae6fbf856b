using System.Text.Json;

namespace LnRelay.Crypto.Tests;

public sealed class ChaCha20StreamTests
{
    public static TheoryData<string> Names => ["2.4.2 sunscreen", "A.2 #1", "A.2 #2", "A.2 #3"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Rfc8439_vectors_encrypt_and_decrypt(string name)
    {
        var v = Find(name);
        var key = v.Hex("key");
        var nonce = v.Hex("nonce");
        var counter = v.GetProperty("counter").GetUInt32();
        var plaintext = v.Hex("plaintext");
        var output = new byte[plaintext.Length];

        ChaCha20Stream.Xor(key, nonce, counter, plaintext, output);
        Assert.Equal(v.Hex("ciphertext"), output);

        ChaCha20Stream.Xor(key, nonce, counter, output, output);
        Assert.Equal(plaintext, output);
    }

    [Fact]
    public void Bolt4_stream_is_counter_zero_with_a_zero_nonce()
    {
        // A.2 #1 is exactly the BOLT 4 keystream of the all-zero key.
        var data = new byte[64];
        ChaCha20Stream.Xor(new byte[32], data);
        Assert.Equal(Find("A.2 #1").Hex("ciphertext"), data);
    }

    [Fact]
    public void The_pad_key_stream_of_onion_test_matches_the_intermediates()
    {
        var session = Vectors.Json("derived-onion-test-intermediates.json").GetProperty("session");
        var stream = new byte[1300];
        ChaCha20Stream.Xor(session.Hex("pad_key"), stream);
        Assert.Equal(session.Hex("initial_hop_payloads_1300_bytes"), stream);
    }

    [Fact]
    public void Wrong_key_or_nonce_lengths_are_refused()
    {
        var data = new byte[8];
        Assert.Throws<ArgumentException>(() => ChaCha20Stream.Xor(new byte[31], data));
        Assert.Throws<ArgumentException>(() => ChaCha20Stream.Xor(new byte[32], new byte[8], 0, data, data));
        Assert.Throws<ArgumentException>(() => ChaCha20Stream.Xor(new byte[32], default, 0, data, new byte[4]));
    }

    private static JsonElement Find(string name) =>
        Vectors.Json("rfc8439-chacha20.json").GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
}
