using System.Numerics;

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
            var width = Vector<double>.Count;
            for (; i <= from.Length - width; i += width)
                (new Vector<double>(to[i..]) + new Vector<double>(from[i..])).CopyTo(to[i..]);
        }
        for (; i < from.Length; i++)
            to[i] += from[i];
    }
}
