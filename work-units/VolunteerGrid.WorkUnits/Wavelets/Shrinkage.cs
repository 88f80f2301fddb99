using System.Numerics;
using System.Runtime.InteropServices;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>pywt.threshold's soft and hard rules.</summary>
internal static class Shrinkage
{
    /// <summary>
    /// Thresholds <paramref name="source"/> into <paramref name="destination"/> (the same span or
    /// one that does not overlap it): one pass instead of a copy and an in-place pass.
    /// </summary>
    public static void ApplyTo(ReadOnlySpan<double> source, Span<double> destination, double threshold, ThresholdMode mode)
    {
        // A zero threshold keeps every value (pywt's soft rule would give 0/0 = NaN at exact zeros).
        if (threshold == 0)
            source.CopyTo(destination);
        else if (mode == ThresholdMode.Soft)
            Soft(source, destination, threshold);
        else
            Hard(source, destination, threshold);
    }

    /// <summary>
    /// sign(x)·max(|x| − t, 0): pywt's x·max(1 − t/|x|, 0) without its division (the slowest
    /// instruction of the inverse's inner loop). The two forms are equal in exact arithmetic and
    /// differ by at most an ulp or two here; every run (whole, tile, statistics) uses this one.
    /// </summary>
    private static void Soft(ReadOnlySpan<double> source, Span<double> destination, double t)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vt = new Vector<double>(t);
            var sign = Vector.AsVectorDouble(new Vector<ulong>(0x8000_0000_0000_0000UL));
            // Unchecked loads/stores: slicing the spans per vector cost as much as the arithmetic.
            ref var from = ref MemoryMarshal.GetReference(source);
            ref var to = ref MemoryMarshal.GetReference(destination[..source.Length]);
            for (; i <= source.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var x = Vector.LoadUnsafe(ref from, (nuint)i);
                var shrunk = Vector.Max(Vector.Abs(x) - vt, Vector<double>.Zero);
                (shrunk | (x & sign)).StoreUnsafe(ref to, (nuint)i);
            }
        }
        for (; i < source.Length; i++)
            destination[i] = Math.CopySign(Math.Max(Math.Abs(source[i]) - t, 0), source[i]);
    }

    private static void Hard(ReadOnlySpan<double> source, Span<double> destination, double t)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = Math.Abs(source[i]) < t ? 0 : source[i];
    }
}
