using LnRelay.Node.Routing;

namespace LnRelay.Node.MultiPart;

/// <summary>Why a plan could not cover the amount.</summary>
internal enum PartPlanFailure
{
    None,

    /// <summary>No route carries even the smallest part allowed.</summary>
    NoRoute,

    /// <summary>Covering the amount would take more parts than the policy allows.</summary>
    PartLimit,

    /// <summary>Covering the amount would pay more fees than the policy allows.</summary>
    FeeLimit,
}

/// <summary>The routes a plan chose (each carrying one part), or why it could not cover the amount.</summary>
internal sealed record PartPlan(IReadOnlyList<Route> Routes, PartPlanFailure Failure)
{
    public bool Covered => Failure == PartPlanFailure.None;
}

/// <summary>
/// The payer's splitter (docs/mpp.md, "Splitting policy"): covers an amount with parts by
/// halving, as lnd does — try the whole amount on one route; when no route carries it, try
/// half, and so on down to <see cref="SplitPolicy.MinPartMsat"/>; each part placed keeps the
/// size that worked for the next, and the last part is the remainder. With
/// <see cref="SplitPolicy.MaxPartMsat"/> the first size tried is that. Pure: routes come from
/// <c>find</c>, and <c>reserve</c> tells the route finder what each chosen part takes, so the
/// next part is routed around it (over different routes where one is full).
/// </summary>
internal static class PartPlanner
{
    /// <param name="amountMsat">What the parts must add up to.</param>
    /// <param name="partsInUse">Parts of this payment already in flight or settled.</param>
    /// <param name="feesInUseMsat">The fees those parts pay.</param>
    /// <param name="policy">Limits.</param>
    /// <param name="find">A route for a part of the given amount, given what is reserved so far; null if none.</param>
    /// <param name="reserve">Records a chosen route's use of its channels (called once per chosen part).</param>
    /// <param name="feeOf">What a chosen part pays in fees (by default its route's; a part to a blinded path adds the path's).</param>
    public static PartPlan Plan(ulong amountMsat, int partsInUse, ulong feesInUseMsat, SplitPolicy policy, Func<ulong, Route?> find, Action<Route> reserve, Func<Route, ulong>? feeOf = null)
    {
        feeOf ??= r => r.FeeMsat;
        var routes = new List<Route>();
        var remaining = amountMsat;
        var shard = Math.Min(amountMsat, policy.MaxPartMsat ?? amountMsat);
        var fees = feesInUseMsat;
        while (remaining > 0)
        {
            if (partsInUse + routes.Count >= policy.MaxParts)
            {
                return new(routes, PartPlanFailure.PartLimit);
            }

            var size = Math.Min(shard, remaining);
            var route = find(size);
            if (route is null)
            {
                var half = size / 2;
                if (half == 0 || half < policy.MinPartMsat)
                {
                    return new(routes, PartPlanFailure.NoRoute);
                }

                shard = half;
                continue;
            }

            var fee = feeOf(route);
            if (policy.MaxFeeMsat is { } max && fees + fee > max)
            {
                return new(routes, PartPlanFailure.FeeLimit);
            }

            fees += fee;
            routes.Add(route);
            reserve(route);
            remaining -= size;
        }

        return new(routes, PartPlanFailure.None);
    }
}
