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
}
