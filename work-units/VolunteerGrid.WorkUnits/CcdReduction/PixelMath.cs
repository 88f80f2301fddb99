using System.Numerics;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>Small vectorised element-wise operations the calibration steps share.</summary>
internal static class PixelMath
{
    /// <summary>target = (a − b − scale·c) · factor, with c optional.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, float scale, float factor, Span<float> target)
    {
        var x = 0;
        var hasC = !c.IsEmpty;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);
            var f = new Vector<float>(factor);
            for (; x + Vector<float>.Count <= a.Length; x += Vector<float>.Count)
            {
                var v = new Vector<float>(a[x..]) - new Vector<float>(b[x..]);
                if (hasC)
                    v -= s * new Vector<float>(c[x..]);
                (v * f).CopyTo(target[x..]);
            }
        }
        for (; x < a.Length; x++)
        {
            var v = a[x] - b[x];
            if (hasC)
                v -= scale * c[x];
            target[x] = v * factor;
        }
    }

    /// <summary>target = a − b.</summary>
    // Runs once per frame over millions of pixels: JIT it optimised at once. Tier-0 code and OSR
    // lasted several runs when the machine was loaded (the background tier-up JIT starves).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Difference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> target)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; x + Vector<float>.Count <= a.Length; x += Vector<float>.Count)
                (new Vector<float>(a[x..]) - new Vector<float>(b[x..])).CopyTo(target[x..]);
        }
        for (; x < a.Length; x++)
            target[x] = a[x] - b[x];
    }

    /// <summary>Multiplies every pixel by <paramref name="factor"/> in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<float> data, float factor)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<float>(factor);
            for (; x + Vector<float>.Count <= data.Length; x += Vector<float>.Count)
                (new Vector<float>(data[x..]) * f).CopyTo(data[x..]);
        }
        for (; x < data.Length; x++)
            data[x] *= factor;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AnyFinite(ReadOnlySpan<float> data)
    {
        foreach (var v in data)
        {
            if (float.IsFinite(v))
                return true;
        }
        return false;
    }
}
