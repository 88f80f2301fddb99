using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// The slopes of a run of pixel edges (from corner a[i] to corner b[i]), which <see cref="QuadCells2x2"/>
/// needs to cut edges at grid lines: S = dy/dx, T = dx/dy and Q = dx/|dy| (T carrying the direction of
/// travel along x, for the part of an edge below a horizontal cut). Every edge is shared by two input
/// pixels, so a row of them is computed once and read by both, one division per edge instead of two
/// per pixel side. Axis-parallel edges get 0 where a slope is infinite or undefined: the cut formulas
/// only multiply a slope by an offset along an axis on which such an edge has no extent.
/// </summary>
internal static class EdgeSlopes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ReadOnlySpan<double> ax, ReadOnlySpan<double> ay, ReadOnlySpan<double> bx, ReadOnlySpan<double> by,
        Span<double> s, Span<double> t, Span<double> q)
    {
        var n = s.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rax = ref MemoryMarshal.GetReference(ax);
            ref var ray = ref MemoryMarshal.GetReference(ay);
            ref var rbx = ref MemoryMarshal.GetReference(bx);
            ref var rby = ref MemoryMarshal.GetReference(by);
            ref var rs = ref MemoryMarshal.GetReference(s);
            ref var rt = ref MemoryMarshal.GetReference(t);
            ref var rq = ref MemoryMarshal.GetReference(q);
            if (ax.Length < n || ay.Length < n || bx.Length < n || by.Length < n || t.Length < n || q.Length < n)
                throw new ArgumentException("edge spans shorter than the slope spans");
            for (; i + Vector256<double>.Count <= n; i += Vector256<double>.Count)
            {
                var o = (nuint)i;
                var dx = Vector256.LoadUnsafe(ref rbx, o) - Vector256.LoadUnsafe(ref rax, o);
                var dy = Vector256.LoadUnsafe(ref rby, o) - Vector256.LoadUnsafe(ref ray, o);
                // One division for both slopes: dy/dx = dy²/(dx·dy), dx/dy = dx²/(dx·dy).
                var p = dx * dy;
                var axisParallel = Vector256.Equals(p, Vector256<double>.Zero);
                var r = Vector256<double>.One / p;
                var sv = Vector256.ConditionalSelect(axisParallel, Vector256<double>.Zero, dy * dy * r);
                var tv = Vector256.ConditionalSelect(axisParallel, Vector256<double>.Zero, dx * dx * r);
                sv.StoreUnsafe(ref rs, o);
                tv.StoreUnsafe(ref rt, o);
                Vector256.ConditionalSelect(Vector256.LessThan(dy, Vector256<double>.Zero), -tv, tv).StoreUnsafe(ref rq, o);
            }
        }
        for (; i < n; i++)
        {
            var dx = bx[i] - ax[i];
            var dy = by[i] - ay[i];
            var p = dx * dy;
            var r = 1.0 / p;
            var sv = p == 0 ? 0 : dy * dy * r;
            var tv = p == 0 ? 0 : dx * dx * r;
            s[i] = sv;
            t[i] = tv;
            q[i] = dy < 0 ? -tv : tv;
        }
    }
}
