using System.Numerics;
using System.Runtime.InteropServices;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>Starts or continues a running sum over a run of columns: to = from, or to += from.</summary>
internal static class ColumnSum
{
    public static void Into(ReadOnlySpan<double> from, Span<double> to, bool starts)
    {
        if (starts)
        {
            from.CopyTo(to);
            return;
        }
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Unchecked loads/stores: slicing the spans per vector cost as much as the add.
            var width = Vector<double>.Count;
            ref var source = ref MemoryMarshal.GetReference(from);
            ref var target = ref MemoryMarshal.GetReference(to[..from.Length]);
            for (; i <= from.Length - width; i += width)
                (Vector.LoadUnsafe(ref target, (nuint)i) + Vector.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        }
        for (; i < from.Length; i++)
            to[i] += from[i];
    }

    /// <summary>
    /// <see cref="Into"/> for mostly-zero terms (the finest level's thresholded detail, nearly all
    /// zeroed): vectors of zeros are not added, which saves loading and storing the sum there. Adding
    /// ±0 leaves every value unchanged (only a zero sum's sign could differ), so the sums compare equal.
    /// </summary>
    public static void IntoSkippingZeros(ReadOnlySpan<double> from, Span<double> to, bool starts)
    {
        if (starts || !Vector.IsHardwareAccelerated)
        {
            Into(from, to, starts);
            return;
        }
        var i = 0;
        var width = Vector<double>.Count;
        var magnitude = new Vector<long>(long.MaxValue).As<long, double>();
        ref var source = ref MemoryMarshal.GetReference(from);
        ref var target = ref MemoryMarshal.GetReference(to[..from.Length]);
        for (; i <= from.Length - width; i += width)
        {
            var v = Vector.LoadUnsafe(ref source, (nuint)i);
            if ((v & magnitude) != Vector<double>.Zero)
                (Vector.LoadUnsafe(ref target, (nuint)i) + v).StoreUnsafe(ref target, (nuint)i);
        }
        for (; i < from.Length; i++)
            to[i] += from[i];
    }
}
