using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Wire;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// BOLT 4 "Packet Construction" at the origin: shared secrets and ephemeral-key
/// blinding (forward pass), the initial routing info from the <c>pad</c> stream, the
/// filler, then one layer per hop from the last to the first. Reproduces the spec's
/// onion-test.json byte for byte given its session key.
/// </summary>
public static class OnionBuilder
{
    /// <summary>
    /// Builds an onion with a session key drawn from <paramref name="sessionKeys"/>.
    /// False (with a reason) when the payloads do not fit in the routing info.
    /// </summary>
    public static bool TryCreate(
        ISessionKeySource sessionKeys,
        IReadOnlyList<OnionHop> route,
        ReadOnlySpan<byte> associatedData,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal) =>
        TryCreateWithFreshKey(sessionKeys, route, associatedData, null, out onion, out refusal);

    /// <summary>
    /// Builds an onion from an explicit session key: for vectors and the <c>onion create</c>
    /// debugging verb. A payment must use a fresh random key (<see cref="TryCreate"/>):
    /// reusing one links payments and leaks the route.
    /// </summary>
    public static bool TryCreateWithSessionKey(
        ReadOnlySpan<byte> sessionKey,
        IReadOnlyList<OnionHop> route,
        ReadOnlySpan<byte> associatedData,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal) =>
        TryCreateWithSessionKey(sessionKey, route, associatedData, null, out onion, out refusal);

    internal static bool TryCreateWithSessionKey(
        ReadOnlySpan<byte> sessionKey,
        IReadOnlyList<OnionHop> route,
        ReadOnlySpan<byte> associatedData,
        OnionBuildTrace? trace,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal) =>
        TryCreateCore(sessionKey, route, associatedData, null, trace, out onion, out refusal);

    /// <summary>
    /// Builds an onion whose every layer has its own associated data: hop i's HMAC covers
    /// <paramref name="perHopAssociatedData"/>[i], the value hop i is given beside the packet.
    /// Point-locked payments bind each layer to that hop's incoming lock point (docs/ptlc.md);
    /// with all entries equal the packet is byte for byte the BOLT 4 one.
    /// </summary>
    public static bool TryCreatePerHop(
        ISessionKeySource sessionKeys,
        IReadOnlyList<OnionHop> route,
        IReadOnlyList<byte[]> perHopAssociatedData,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal)
    {
        CheckPerHop(route, perHopAssociatedData);
        return TryCreateWithFreshKey(sessionKeys, route, default, perHopAssociatedData, out onion, out refusal);
    }

    /// <summary><see cref="TryCreatePerHop"/> from an explicit session key: for vectors only.</summary>
    public static bool TryCreatePerHopWithSessionKey(
        ReadOnlySpan<byte> sessionKey,
        IReadOnlyList<OnionHop> route,
        IReadOnlyList<byte[]> perHopAssociatedData,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal)
    {
        CheckPerHop(route, perHopAssociatedData);
        return TryCreateCore(sessionKey, route, default, perHopAssociatedData, null, out onion, out refusal);
    }

    private static void CheckPerHop(IReadOnlyList<OnionHop> route, IReadOnlyList<byte[]> perHopAssociatedData)
    {
        ArgumentNullException.ThrowIfNull(perHopAssociatedData);
        if (perHopAssociatedData.Count != route.Count)
        {
            throw new ArgumentException("One associated data per hop.", nameof(perHopAssociatedData));
        }
    }

    /// <summary>Draws a session key, builds with it, and wipes it: both the single- and the per-hop associated-data forms.</summary>
    private static bool TryCreateWithFreshKey(
        ISessionKeySource sessionKeys,
        IReadOnlyList<OnionHop> route,
        ReadOnlySpan<byte> associatedData,
        IReadOnlyList<byte[]>? perHopAssociatedData,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal)
    {
        Span<byte> sessionKey = stackalloc byte[KeySizes.SecretKey];
        try
        {
            sessionKeys.NextSessionKey(sessionKey);
            return TryCreateCore(sessionKey, route, associatedData, perHopAssociatedData, null, out onion, out refusal);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
        }
    }

    private static bool TryCreateCore(
        ReadOnlySpan<byte> sessionKey,
        IReadOnlyList<OnionHop> route,
        ReadOnlySpan<byte> associatedData,
        IReadOnlyList<byte[]>? perHopAssociatedData,
        OnionBuildTrace? trace,
        [NotNullWhen(true)] out BuiltOnion? onion,
        [NotNullWhen(false)] out string? refusal)
    {
        onion = null;
        if (!Secp256k1.IsValidSecret(sessionKey))
        {
            throw new ArgumentException("The session key is not a valid secp256k1 secret.", nameof(sessionKey));
        }

        if (route.Count == 0)
        {
            throw new ArgumentException("A route has at least one hop.", nameof(route));
        }

        var hopCount = route.Count;
        Span<int> entrySizes = stackalloc int[hopCount];
        if (!TryMeasure(route, entrySizes, out refusal))
        {
            return false;
        }

        var packet = new byte[OnionPacket.Size];
        var sharedSecrets = new byte[hopCount][];
        Span<byte> rhoKeys = stackalloc byte[hopCount * OnionKeys.KeySize];
        DeriveHopSecrets(sessionKey, route, packet.AsSpan(OnionPacket.PublicKeyOffset, OnionPacket.PublicKeySize), sharedSecrets, rhoKeys, trace);

        var routingInfo = packet.AsSpan(OnionPacket.RoutingInfoOffset, OnionPacket.RoutingInfoSize);
        FillFromPadStream(sessionKey, routingInfo, trace);

        var fillerLength = Sum(entrySizes[..^1]);
        Span<byte> filler = stackalloc byte[fillerLength];
        OnionFiller.Generate(rhoKeys, entrySizes[..^1], filler);
        trace?.Filler = filler.ToArray();

        Span<byte> hmac = stackalloc byte[OnionPacket.HmacSize];
        hmac.Clear(); // the final hop's entry carries an all-zero HMAC: that is how it knows it is final
        Span<byte> mu = stackalloc byte[OnionKeys.KeySize];
        for (var i = hopCount - 1; i >= 0; i--)
        {
            var entry = entrySizes[i];
            routingInfo[..^entry].CopyTo(routingInfo[entry..]);
            WriteEntry(route[i].Payload.Span, hmac, routingInfo[..entry]);
            ChaCha20Stream.Xor(rhoKeys.Slice(i * OnionKeys.KeySize, OnionKeys.KeySize), routingInfo);
            if (i == hopCount - 1)
            {
                filler.CopyTo(routingInfo[^fillerLength..]);
            }

            OnionKeys.Derive(OnionKeyType.Mu, sharedSecrets[i], mu);
            Hashes.HmacSha256(mu, routingInfo, perHopAssociatedData is null ? associatedData : perHopAssociatedData[i], hmac);
        }

        packet[OnionPacket.VersionOffset] = OnionPacket.CurrentVersion;
        hmac.CopyTo(packet.AsSpan(OnionPacket.HmacOffset, OnionPacket.HmacSize));
        CryptographicOperations.ZeroMemory(rhoKeys);
        onion = new BuiltOnion(packet, sharedSecrets);
        return true;
    }

    /// <summary>
    /// The shared secret of each hop for a session key, without building an onion: what the
    /// origin needs to decode a failure when it kept the session key instead of the secrets
    /// (the <c>onion decode-failure</c> verb).
    /// </summary>
    public static IReadOnlyList<byte[]> DeriveSharedSecrets(ReadOnlySpan<byte> sessionKey, IReadOnlyList<PublicKey> route)
    {
        if (!Secp256k1.IsValidSecret(sessionKey))
        {
            throw new ArgumentException("The session key is not a valid secp256k1 secret.", nameof(sessionKey));
        }

        var hops = route.Select(id => new OnionHop(id, ReadOnlyMemory<byte>.Empty)).ToArray();
        var secrets = new byte[hops.Length][];
        Span<byte> firstEphemeral = stackalloc byte[OnionPacket.PublicKeySize];
        Span<byte> rhoKeys = stackalloc byte[hops.Length * OnionKeys.KeySize];
        DeriveHopSecrets(sessionKey, hops, firstEphemeral, secrets, rhoKeys, null);
        CryptographicOperations.ZeroMemory(rhoKeys);
        return secrets;
    }

    /// <summary>Entry sizes per hop; refuses a route whose entries exceed the routing info, saying by how much.</summary>
    private static bool TryMeasure(IReadOnlyList<OnionHop> route, Span<int> entrySizes, [NotNullWhen(false)] out string? refusal)
    {
        refusal = null;
        long total = 0;
        for (var i = 0; i < route.Count; i++)
        {
            var length = route[i].Payload.Length;
            if (length < Payloads.HopPayloadTypes.MinimumPayloadLength)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Hop {i}'s payload is {length} bytes; lengths 0 and 1 are reserved (BOLT 4)."), nameof(route));
            }

            if (length > OnionPacket.RoutingInfoSize)
            {
                refusal = string.Create(CultureInfo.InvariantCulture, $"Hop {i}'s payload alone is {length} bytes; hop_payloads holds {OnionPacket.RoutingInfoSize}.");
                return false;
            }

            entrySizes[i] = HopPayloadFraming.EntrySize(length);
            total += entrySizes[i];
        }

        if (total > OnionPacket.RoutingInfoSize)
        {
            refusal = string.Create(
                CultureInfo.InvariantCulture,
                $"The route's hop payloads need {total} bytes (each payload + its length prefix + a 32-byte HMAC, {route.Count} hops), {total - OnionPacket.RoutingInfoSize} bytes more than the {OnionPacket.RoutingInfoSize} bytes of hop_payloads.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// BOLT 4 "Shared Secret" and "Blinding Ephemeral Onion Keys", forward: E_i = e_i·G,
    /// ss_i = SHA256(compressed(e_i·P_i)), b_i = SHA256(compressed(E_i) || ss_i),
    /// e_{i+1} = e_i·b_i. Writes E_0 into the packet.
    /// </summary>
    private static void DeriveHopSecrets(
        ReadOnlySpan<byte> sessionKey,
        IReadOnlyList<OnionHop> route,
        Span<byte> firstEphemeralKey,
        byte[][] sharedSecrets,
        Span<byte> rhoKeys,
        OnionBuildTrace? trace)
    {
        Span<byte> ephemeralSecret = stackalloc byte[KeySizes.SecretKey];
        Span<byte> ephemeralPublic = stackalloc byte[KeySizes.CompressedPublicKey];
        Span<byte> blinding = stackalloc byte[KeySizes.Hash];
        sessionKey.CopyTo(ephemeralSecret);
        try
        {
            for (var i = 0; i < route.Count; i++)
            {
                // The session key is valid and SHA256 outputs are below the group order except with
                // probability ~2^-128, so these calls cannot fail for a valid key: failure is a bug.
                if (!Secp256k1.TryDerivePublicKey(ephemeralSecret, out var ephemeral))
                {
                    throw new CryptographicException("Ephemeral key derivation failed.");
                }

                ephemeral.WriteCompressed(ephemeralPublic);
                if (i == 0)
                {
                    ephemeralPublic.CopyTo(firstEphemeralKey);
                }

                var secret = new byte[KeySizes.Hash];
                if (!Secp256k1.TryEcdh(ephemeralSecret, route[i].NodeId, secret))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Hop {i}'s node id is not a valid public key."), nameof(route));
                }

                sharedSecrets[i] = secret;
                OnionKeys.Derive(OnionKeyType.Rho, secret, rhoKeys.Slice(i * OnionKeys.KeySize, OnionKeys.KeySize));
                Hashes.Sha256(ephemeralPublic, secret, blinding);
                trace?.EphemeralPublicKeys.Add(ephemeralPublic.ToArray());
                trace?.BlindingFactors.Add(blinding.ToArray());
                if (i + 1 < route.Count && !Secp256k1.TryMultiplySecret(ephemeralSecret, blinding))
                {
                    throw new CryptographicException("Ephemeral key blinding failed.");
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralSecret);
        }
    }

    /// <summary>
    /// The initial routing info is the <c>pad</c> stream keyed from the session key
    /// (BOLT 4 "Packet Construction"): never sent as is, but onion-test.json only
    /// reproduces with exactly this fill.
    /// </summary>
    private static void FillFromPadStream(ReadOnlySpan<byte> sessionKey, Span<byte> routingInfo, OnionBuildTrace? trace)
    {
        Span<byte> pad = stackalloc byte[OnionKeys.KeySize];
        OnionKeys.Derive(OnionKeyType.Pad, sessionKey, pad);
        routingInfo.Clear();
        ChaCha20Stream.Xor(pad, routingInfo);
        CryptographicOperations.ZeroMemory(pad);
        trace?.PadStream = routingInfo.ToArray();
    }

    /// <summary><c>bigsize(len) || payload || hmac</c> at the front of the routing info.</summary>
    private static void WriteEntry(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> nextHmac, Span<byte> entry)
    {
        var prefix = BigSize.Write((ulong)payload.Length, entry);
        payload.CopyTo(entry[prefix..]);
        nextHmac.CopyTo(entry[(prefix + payload.Length)..]);
    }

    private static int Sum(ReadOnlySpan<int> values)
    {
        var total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }
}
