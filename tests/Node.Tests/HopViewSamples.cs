using LnRelay.Node.Logging;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Tests;

/// <summary>
/// One of every HopView shape the node logs (relay, introduction and blinded relay, final and
/// blinded final, origin and blinded origin, hash and point locks, extreme values): the logging
/// tests write them through each path and compare the lines.
/// </summary>
internal static class HopViewSamples
{
    public const string Hash = "4c392ab2349826386e38a5bfe0ef3d99e982c13959a4b8ebe20172fd3182f750";
    public const string Point = "02a1633cafcc01ebfb6d78e39f687a1f0995c62fc95f51ead10a02ee0be551b5dc";

    /// <summary>Logs each shape once; <paramref name="withIntroduction"/> adds the introduction point's relay line.</summary>
    public static void LogEach(ILogger log, bool withIntroduction)
    {
        HopViewLog.Relay(log, Hash, "n2", "101x2x0", 12002, 207, "n4", "101x3x0", 11001, 167);
        HopViewLog.Relay(log, Point, "n2", "101x2x0", ulong.MaxValue, uint.MaxValue, "(unknown)", "0x0x0", 0, 0, lockKind: HopViewLog.PointLock, lockOut: Point.Replace('a', 'b'));
        if (withIntroduction)
        {
            HopViewLog.Relay(log, Hash, "n2", "101x2x0", 1, 2, "n4", "101x3x0", 1, 2, role: HopViewLog.IntroductionRole);
        }

        HopViewLog.Relay(log, Hash, "n2", "101x2x0", 1, 2, "n4", "101x3x0", 1, 2, role: HopViewLog.BlindedRelayRole);
        HopViewLog.Final(log, Hash, "n4", "101x4x0", 10000, 18);
        HopViewLog.Final(log, Point, "n4", "101x4x0", 10000, 18, role: HopViewLog.BlindedFinalRole, lockKind: HopViewLog.PointLock);
        HopViewLog.Origin(log, Hash, "n2", "101x1x0", 13003, 247, "n5", 4, "n1 -> n2 -> n3 -> n4 -> n5");
        HopViewLog.Origin(log, Point, "n2", "101x1x0", 13003, 247, "n5", 4, "n1 -> n2 -> n3 -> n4 -> n5", HopViewLog.PointLock, Point, $"{Point},{Point}");
        HopViewLog.BlindedOrigin(log, Hash, "n2", "101x1x0", 13003, 247, "blinded (intro n3, 3 hops)", 5, "n1 -> n2", "n3", 3, 96);
    }
}
