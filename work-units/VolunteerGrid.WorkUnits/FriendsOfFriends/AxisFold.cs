using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>
/// How <see cref="PairTests{T}"/> treats an axis difference: a type argument, so the JIT compiles
/// one loop per policy with no branch inside.
/// </summary>
internal interface IAxisFold
{
    static abstract Vector256<double> Apply(Vector256<double> d, Vector256<double> half, Vector256<double> box);
}

/// <summary>
/// <see cref="PeriodicDistance.Wrap"/>, lane-wise: d &lt; -half ? box + d : d &gt; half ? d - box : d
/// (scipy's <c>wrap_distance</c>).
/// </summary>
internal readonly struct PeriodicFold : IAxisFold
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> d, Vector256<double> half, Vector256<double> box)
    {
        var folded = Vector256.ConditionalSelect(Vector256.GreaterThan(d, half), d - box, d);
        return Vector256.ConditionalSelect(Vector256.LessThan(d, -half), box + d, folded);
    }
}

/// <summary>
/// The identity, for cell pairs that do not meet across a periodic face: there every difference
/// lies well inside [-half, half] (the linker checks that the grid guarantees it), where scipy's
/// <c>wrap_distance</c> returns d itself, so skipping the fold leaves every result bit-identical.
/// </summary>
internal readonly struct NoFold : IAxisFold
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Apply(Vector256<double> d, Vector256<double> half, Vector256<double> box) => d;
}
