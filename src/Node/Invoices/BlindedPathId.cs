using System.Security.Cryptography;
using LnRelay.Crypto;

namespace LnRelay.Node.Invoices;

/// <summary>
/// The <c>path_id</c> a payee writes into the last blob of a blinded path it publishes (BOLT 4
/// "Route Blinding": the recipient's private context, which it MUST check). lnrelay derives it
/// from the node's secret and the payment_hash, so the invoice stores nothing extra and a path
/// written for one invoice cannot pay another: HMAC-SHA256(node secret, label ‖ payment_hash).
/// </summary>
internal static class BlindedPathId
{
    public const int Size = 32;

    private static ReadOnlySpan<byte> Label => "lnrelay blinded path_id"u8;

    public static byte[] For(PrivateKey nodeKey, ReadOnlySpan<byte> paymentHash)
    {
        Span<byte> secret = stackalloc byte[Crypto.KeySizes.SecretKey];
        try
        {
            nodeKey.WriteSecret(secret);
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
            hmac.AppendData(Label);
            hmac.AppendData(paymentHash);
            return hmac.GetHashAndReset();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Whether <paramref name="pathId"/> is the one this node wrote for <paramref name="paymentHash"/> (in constant time).</summary>
    public static bool Matches(PrivateKey nodeKey, ReadOnlySpan<byte> paymentHash, ReadOnlySpan<byte> pathId) =>
        CryptographicOperations.FixedTimeEquals(For(nodeKey, paymentHash), pathId);
}
