using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// The result of peeling with <see cref="BlindedOnionPeeler"/>. Which members are set depends on <see cref="Outcome"/>:
/// <list type="table">
/// <item><term>Clear</term><description><see cref="Onion"/> only.</description></item>
/// <item><term>Refused</term><description><see cref="Failure"/>; <see cref="Onion"/> (its refusal when the onion itself failed);
/// <see cref="IsIntroduction"/> when known.</description></item>
/// <item><term>Forward</term><description><see cref="Onion"/> (next packet, shared secret), <see cref="Payload"/>, <see cref="Hop"/>
/// (the blob's records and the next path key), <see cref="IsIntroduction"/>.</description></item>
/// <item><term>Final</term><description><see cref="Onion"/>, <see cref="Payload"/> (amounts), <see cref="Hop"/> (its path_id;
/// no next path key), <see cref="IsIntroduction"/>.</description></item>
/// </list>
/// </summary>
public sealed record BlindedPeelResult(
    BlindedPeelOutcome Outcome,
    OnionPeelResult Onion,
    BlindingFailureReason Failure = BlindingFailureReason.None,
    BlindedHopPayload? Payload = null,
    UnblindedHop? Hop = null,
    bool IsIntroduction = false)
{
    /// <summary>The path key to send in the next <c>update_add_htlc</c> (Forward only).</summary>
    public PublicKey? NextPathKey => Hop?.NextPathKey;
}
