using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Background;

/// <summary>
/// Sums over the kept points of (x, y, d) about an origin, for <see cref="PlaneFitter"/>'s least
/// squares, and whether any point changed side of the rejection limit. One pass per rejection
/// iteration, four points per step where Vector256 is accelerated (the sums then run in four lanes
/// added at the end: a different rounding order from the scalar loop, the same least-squares plane to
/// ~1e-15 relative, and the same on every machine with AVX2 or NEON-emulated 256-bit vectors).
/// </summary>
internal struct PlaneMoments
{
    public long N;
    public double Sx, Sy, Sd, Sxx, Sxy, Syy, Sxd, Syd, Sdd;
    public bool Changed;

    // Byte k of Spread[bits] is bit k of bits: four keep flags (bool = one byte 0/1) stored at once.
    private static ReadOnlySpan<uint> Spread =>
    [
        0x00000000, 0x00000001, 0x00000100, 0x00000101, 0x00010000, 0x00010001, 0x00010100, 0x00010101,
        0x01000000, 0x01000001, 0x01000100, 0x01000101, 0x01010000, 0x01010001, 0x01010100, 0x01010101,
    ];

    /// <summary>Updates keep[i] to |d − plane| ≤ limit (all points when limit is +∞) and sums the kept ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PlaneMoments About(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> d, Span<bool> keep,
        double ox, double oy, double od, BackgroundPlane plane, double limit)
    {
        var m = default(PlaneMoments);
        var i = 0;
        if (Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian)
            i = AboutVector(x, y, d, keep, ox, oy, od, plane, limit, ref m);
        for (; i < d.Length; i++)
        {
            var inside = Math.Abs(d[i] - plane.At(x[i], y[i])) <= limit;
            if (inside != keep[i])
            {
                keep[i] = inside;
                m.Changed = true;
            }
            if (inside)
                m.Add(x[i] - ox, y[i] - oy, d[i] - od);
        }
        return m;
    }

    private void Add(double dx, double dy, double dd)
    {
        N++;
        Sx += dx;
        Sy += dy;
        Sd += dd;
        Sxx += dx * dx;
        Sxy += dx * dy;
        Syy += dy * dy;
        Sxd += dx * dd;
        Syd += dy * dd;
        Sdd += dd * dd;
    }

    // Whole groups of four; returns how many points it covered. Rejected points are masked to zero, so
    // they add nothing to any sum. Optimised from the first call: a short mosaic run would otherwise
    // spend its fit stage in unoptimised vector code (each Vector256 operation a call).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AboutVector(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> d, Span<bool> keep,
        double ox, double oy, double od, BackgroundPlane plane, double limit, ref PlaneMoments m)
    {
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        ref var rd = ref MemoryMarshal.GetReference(d);
        ref var rk = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(keep));
        var (vox, voy, vod) = (Vector256.Create(ox), Vector256.Create(oy), Vector256.Create(od));
        var (va, vb, vc) = (Vector256.Create(plane.A), Vector256.Create(plane.B), Vector256.Create(plane.C));
        var vlimit = Vector256.Create(limit);
        var sx = Vector256<double>.Zero;
        var (sy, sd, sxx, sxy, syy, sxd, syd, sdd) = (sx, sx, sx, sx, sx, sx, sx, sx);
        long n = 0;
        uint changed = 0;
        var i = 0;
        for (; i <= d.Length - 4; i += 4)
        {
            var vx = Vector256.LoadUnsafe(ref rx, (nuint)i);
            var vy = Vector256.LoadUnsafe(ref ry, (nuint)i);
            var vd = Vector256.LoadUnsafe(ref rd, (nuint)i);
            // Same operations, in the same order, as BackgroundPlane.At: (A·x + B·y) + C.
            var inside = Vector256.LessThanOrEqual(Vector256.Abs(vd - (((va * vx) + (vb * vy)) + vc)), vlimit);
            var bits = inside.ExtractMostSignificantBits();
            var flags = Spread[(int)bits];
            ref var k4 = ref Unsafe.Add(ref rk, i);
            changed |= Unsafe.ReadUnaligned<uint>(ref k4) ^ flags;
            Unsafe.WriteUnaligned(ref k4, flags);
            n += BitOperations.PopCount(bits);
            var dx = (vx - vox) & inside;
            var dy = (vy - voy) & inside;
            var dd = (vd - vod) & inside;
            sx += dx;
            sy += dy;
            sd += dd;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
            sxd += dx * dd;
            syd += dy * dd;
            sdd += dd * dd;
        }
        m.N = n;
        (m.Sx, m.Sy, m.Sd) = (Vector256.Sum(sx), Vector256.Sum(sy), Vector256.Sum(sd));
        (m.Sxx, m.Sxy, m.Syy) = (Vector256.Sum(sxx), Vector256.Sum(sxy), Vector256.Sum(syy));
        (m.Sxd, m.Syd, m.Sdd) = (Vector256.Sum(sxd), Vector256.Sum(syd), Vector256.Sum(sdd));
        m.Changed = changed != 0;
        return i;
    }

    /// <summary>The least-squares plane about the origin and the rms of its residuals; false below 3 points.</summary>
    public readonly bool Solve(out BackgroundPlane plane, out double rms)
    {
        plane = BackgroundPlane.Zero;
        rms = 0;
        if (N < 3)
            return false;
        var n = (double)N;
        var (mx, my, md) = (Sx / n, Sy / n, Sd / n);
        // Centred (co)variances: the normal equations of the slopes, decoupled from the offset.
        var cxx = Sxx - (n * mx * mx);
        var cxy = Sxy - (n * mx * my);
        var cyy = Syy - (n * my * my);
        var cxd = Sxd - (n * mx * md);
        var cyd = Syd - (n * my * md);
        var cdd = Sdd - (n * md * md);
        var det = (cxx * cyy) - (cxy * cxy);
        double a = 0, b = 0;
        // A degenerate overlap (a single row or column) constrains only the offset.
        if (det > 1e-12 * Math.Max(1, cxx * cyy))
        {
            a = ((cxd * cyy) - (cyd * cxy)) / det;
            b = ((cyd * cxx) - (cxd * cxy)) / det;
        }
        plane = new BackgroundPlane(a, b, md - (a * mx) - (b * my));
        // Residual sum of squares of a least-squares fit: cdd − a·cxd − b·cyd.
        rms = Math.Sqrt(Math.Max(0, cdd - (a * cxd) - (b * cyd)) / n);
        return true;
    }
}
