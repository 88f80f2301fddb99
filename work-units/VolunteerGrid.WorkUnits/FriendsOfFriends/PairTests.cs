using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VolunteerGrid.WorkUnits.FriendsOfFriends;

/// <summary>
/// Friend tests between one particle and a run of particles of the cell-ordered, structure-of-
/// arrays copy of the positions (<see cref="FofCellIndex{T}.Sorted"/>), four at a time in
/// float64 with exactly the operations of <see cref="PeriodicDistance"/> (scipy's
/// <c>wrap_distance</c>): per axis a difference, one fold by the box beyond half the box, a
/// square, then the sum in axis order and the test <c>&lt;= ll²</c>. Vector adds and multiplies
/// round like the scalar ones (the JIT never fuses them), so the answers are identical.
/// </summary>
internal readonly struct PairTests<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _sorted;
    private readonly int _stride;
    private readonly double _box;
    private readonly double _half;
    private readonly double _linkingLengthSquared;

    public PairTests(T[] sorted, int stride, double box, double linkingLengthSquared)
    {
        _sorted = sorted;
        _stride = stride;
        _box = box;
        _half = 0.5 * box;
        _linkingLengthSquared = linkingLengthSquared;
    }

    /// <summary>Whether the four-wide vector path runs on this machine.</summary>
    public static bool IsVectorized => Avx.IsSupported;

    /// <summary>
    /// Bit k set iff particle <paramref name="i"/> is a friend of particle <paramref name="first"/> + k,
    /// for k below <paramref name="count"/> (at most 32). Reads up to three entries past the
    /// run, which the padding of each axis keeps inside the array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint FriendMask<TFold>(int i, int first, int count)
        where TFold : struct, IAxisFold
    {
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_sorted);
        ref var y0 = ref Unsafe.Add(ref x0, _stride);
        ref var z0 = ref Unsafe.Add(ref x0, 2 * _stride);
        var xi = Vector256.Create(double.CreateTruncating(Unsafe.Add(ref x0, i)));
        var yi = Vector256.Create(double.CreateTruncating(Unsafe.Add(ref y0, i)));
        var zi = Vector256.Create(double.CreateTruncating(Unsafe.Add(ref z0, i)));
        uint mask = 0;
        for (var c = 0; c < count; c += 4)
        {
            var j = first + c;
            var d2 = Squared<TFold>(xi, Load(ref x0, j), yi, Load(ref y0, j), zi, Load(ref z0, j));
            mask |= Vector256.LessThanOrEqual(d2, Vector256.Create(_linkingLengthSquared)).ExtractMostSignificantBits() << c;
        }
        return count >= 32 ? mask : mask & ((1u << count) - 1);
    }

    /// <summary>Whether particle <paramref name="i"/> has a friend among particles [first, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AnyFriend<TFold>(int i, int first, int end)
        where TFold : struct, IAxisFold
    {
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_sorted);
        ref var y0 = ref Unsafe.Add(ref x0, _stride);
        ref var z0 = ref Unsafe.Add(ref x0, 2 * _stride);
        var xi = Vector256.Create(double.CreateTruncating(Unsafe.Add(ref x0, i)));
        var yi = Vector256.Create(double.CreateTruncating(Unsafe.Add(ref y0, i)));
        var zi = Vector256.Create(double.CreateTruncating(Unsafe.Add(ref z0, i)));
        var limit = Vector256.Create(_linkingLengthSquared);
        for (var j = first; j < end; j += 4)
        {
            var d2 = Squared<TFold>(xi, Load(ref x0, j), yi, Load(ref y0, j), zi, Load(ref z0, j));
            var hits = Vector256.LessThanOrEqual(d2, limit).ExtractMostSignificantBits();
            // Lanes past the end hold other particles: count only the run's own.
            if (end - j < 4)
                hits &= (1u << (end - j)) - 1;
            if (hits != 0)
                return true;
        }
        return false;
    }

    /// <summary>Scalar form of <see cref="AnyFriend"/> for machines without AVX.</summary>
    public bool AnyFriendScalar(int i, int first, int end)
    {
        var p = _sorted;
        double x = double.CreateTruncating(p[i]), y = double.CreateTruncating(p[_stride + i]), z = double.CreateTruncating(p[2 * _stride + i]);
        for (var j = first; j < end; j++)
        {
            var d2 = PeriodicDistance.Squared(x, y, z,
                double.CreateTruncating(p[j]), double.CreateTruncating(p[_stride + j]), double.CreateTruncating(p[2 * _stride + j]), _half, _box);
            if (d2 <= _linkingLengthSquared)
                return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Squared<TFold>(Vector256<double> xi, Vector256<double> xj, Vector256<double> yi, Vector256<double> yj, Vector256<double> zi, Vector256<double> zj)
        where TFold : struct, IAxisFold
    {
        var half = Vector256.Create(_half);
        var box = Vector256.Create(_box);
        var dx = TFold.Apply(xi - xj, half, box);
        var dy = TFold.Apply(yi - yj, half, box);
        var dz = TFold.Apply(zi - zj, half, box);
        return dx * dx + dy * dy + dz * dz;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ref T axis, int j)
    {
        if (typeof(T) == typeof(float))
            return Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref axis), (nuint)j));
        return Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref axis), (nuint)j);
    }
}
