using System.CommandLine;
using LnRelay.Crypto;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion create|blind|peel|fail|wrap|decode-failure</c>: BOLT 4 onions and return
/// packets from the command line, for protocol debugging (as Core Lightning's
/// devtools/onion does). Each verb prints one JSON object; exit 1 when an onion is
/// refused or a failure cannot be attributed (the JSON says why), 2 on a usage error.
/// </summary>
internal static class OnionCommand
{
    public static Command Build() => new(
        "onion",
        "Build, blind, peel and decode BOLT 4 onions, blinded paths and failure packets (hex in, one JSON object out).")
    {
        OnionCreateCommand.Build(),
        OnionBlindCommand.Build(),
        OnionPeelCommand.Build(),
        OnionFailCommand.Build(),
        OnionWrapCommand.Build(),
        OnionDecodeFailureCommand.Build(),
    };

    /// <summary>A required hex option.</summary>
    public static Option<string> HexOption(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
    };

    /// <summary>A 32-byte secp256k1 secret from hex, or a usage error.</summary>
    public static byte[] Secret(string? hex, string optionName)
    {
        var bytes = CliArgs.Hex(hex, optionName, KeySizes.SecretKey);
        return Secp256k1.IsValidSecret(bytes)
            ? bytes
            : throw new UsageException($"{optionName}: not a valid secp256k1 secret key (non-zero, below the group order).");
    }

    /// <summary>A compressed public key from hex, or a usage error.</summary>
    public static PublicKey NodeId(string? hex, string optionName) =>
        PublicKey.TryParse(CliArgs.Hex(hex, optionName, KeySizes.CompressedPublicKey), out var key)
            ? key
            : throw new UsageException($"{optionName}: '{hex}' is not a compressed secp256k1 public key.");
}
