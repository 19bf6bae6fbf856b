namespace LnRelay.Sphinx.Failures;

/// <summary>The flag bits of a <see cref="FailureCode"/> (BOLT 4 "Failure Messages") and a test for each.</summary>
public static class FailureFlags
{
    /// <summary>The onion the previous hop sent could not be parsed.</summary>
    public const ushort BadOnion = 0x8000;

    /// <summary>Permanent; otherwise transient.</summary>
    public const ushort Perm = 0x4000;

    /// <summary>The node, not one channel, is at fault.</summary>
    public const ushort Node = 0x2000;

    /// <summary>A channel forwarding parameter was violated; a channel_update may follow.</summary>
    public const ushort Update = 0x1000;

    public static bool IsBadOnion(this FailureCode code) => ((ushort)code & BadOnion) != 0;

    public static bool IsPermanent(this FailureCode code) => ((ushort)code & Perm) != 0;

    public static bool IsNode(this FailureCode code) => ((ushort)code & Node) != 0;

    public static bool IsUpdate(this FailureCode code) => ((ushort)code & Update) != 0;
}
