using System.Numerics;
using System.Runtime.InteropServices;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// How one cycle-spin shift's (or one group of shifts') denoised rows enter the result. cycle_spin
/// averages a running sum in shift order; the first contribution starts the sum by copying (no
/// zeroed 8 MB buffer to read back), the middle ones add, and the last adds and divides by the
/// shift count straight into the result plane, so neither a zeroing pass nor a separate final
/// division pass touches the full-size sum. Per pixel the operations are those of
/// sum = 0 + d₀ + … + d_last, then sum / <see cref="Divisor"/> (only a −0 first value becomes +0
/// through "0 +"; it compares equal), in the same order for a tile as for the whole image, so tiles
/// stay bit-identical.
/// </summary>
internal readonly record struct ShiftPlacement(ShiftPlacementKind Kind, Plane Sum, Plane Result, int Divisor)
{
    /// <summary>Contribution <paramref name="index"/> of <paramref name="count"/>, each one shift.</summary>
    public static ShiftPlacement For(int index, int count, Plane sum, Plane result) => For(index, count, sum, result, count);

    /// <summary>
    /// Contribution <paramref name="index"/> of <paramref name="count"/>, the mean taken over
    /// <paramref name="divisor"/> shifts (a contribution may already sum several).
    /// </summary>
    public static ShiftPlacement For(int index, int count, Plane sum, Plane result, int divisor) =>
        count == 1 || index == 0 ? new(ShiftPlacementKind.Copy, sum, result, divisor)
        : index < count - 1 ? new(ShiftPlacementKind.Add, sum, result, divisor)
        : new(ShiftPlacementKind.AddAndDivide, sum, result, divisor);

    /// <summary>Places <paramref name="from"/> at row <paramref name="row"/>, columns from <paramref name="col"/>.</summary>
    public void Place(ReadOnlySpan<double> from, int row, int col)
    {
        var sum = Sum.Row(row).Slice(col, from.Length);
        switch (Kind)
        {
            case ShiftPlacementKind.Copy:
                from.CopyTo(sum);
                break;
            case ShiftPlacementKind.Add:
                ColumnSum.Into(from, sum, starts: false);
                break;
            default:
                AddAndDivide(sum, from, Result.Row(row).Slice(col, from.Length), Divisor);
                break;
        }
    }

    /// <summary>to = (sum + from) / count: the last shift's add fused with the mean's division.</summary>
    private static void AddAndDivide(ReadOnlySpan<double> sum, ReadOnlySpan<double> from, Span<double> to, int count)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            var divisor = new Vector<double>(count);
            ref var s = ref MemoryMarshal.GetReference(sum[..from.Length]);
            ref var f = ref MemoryMarshal.GetReference(from);
            ref var t = ref MemoryMarshal.GetReference(to[..from.Length]);
            for (; i <= from.Length - width; i += width)
                ((Vector.LoadUnsafe(ref s, (nuint)i) + Vector.LoadUnsafe(ref f, (nuint)i)) / divisor).StoreUnsafe(ref t, (nuint)i);
        }
        for (; i < from.Length; i++)
            to[i] = (sum[i] + from[i]) / count;
    }
}
