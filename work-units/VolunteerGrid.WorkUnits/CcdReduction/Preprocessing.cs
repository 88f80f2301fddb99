using System.Numerics;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Overscan subtraction and trimming fused in one pass over the raw pixels (ccdproc
/// <c>subtract_overscan</c> followed by <c>trim_image</c>; the result is the same, with one
/// memory sweep instead of two).
/// </summary>
public static class Preprocessing
{
    public static CcdImage SubtractOverscanAndTrim(CcdImage raw, OverscanModel overscan, ImageSection trim, ParallelOptions? parallel = null)
    {
        if (!trim.FitsInside(raw.Width, raw.Height))
            throw new ArgumentException($"trim section {trim} lies outside the {raw.Shape} image", nameof(trim));
        var output = new CcdImage(trim.Width, trim.Height);
        var columnLevels = ColumnLevels(overscan, trim);
        Parallel.For(0, trim.Height, parallel ?? new ParallelOptions(), y => TrimmedRow(raw, overscan, columnLevels, trim, y, output.Row(y)));
        return output;
    }

    /// <summary>
    /// The overscan level of every trimmed column when the model is per column (a wide strip), else
    /// null (one level per row). Computed once per frame for <see cref="TrimmedRow"/>.
    /// </summary>
    internal static float[]? ColumnLevels(OverscanModel overscan, ImageSection trim)
    {
        if (overscan.PerRow)
            return null;
        var columnLevels = new float[trim.Width];
        for (var x = 0; x < trim.Width; x++)
            columnLevels[x] = (float)overscan.Levels[trim.Column0 + x];
        return columnLevels;
    }

    /// <summary>Row <paramref name="y"/> of the trimmed, overscan-corrected frame, written to <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void TrimmedRow(CcdImage raw, OverscanModel overscan, float[]? columnLevels, ImageSection trim, int y, Span<float> target)
    {
        var sourceRow = trim.Row0 + y;
        var source = raw.ReadRow(sourceRow).Slice(trim.Column0, trim.Width);
        if (columnLevels is null)
            SubtractScalar(source, (float)overscan.Levels[sourceRow], target);
        else
            SubtractArray(source, columnLevels, target);
    }

    /// <summary>Checks that the overscan model covers every row (or column) the trim keeps.</summary>
    public static void EnsureCovers(OverscanModel overscan, ImageSection trim, string source)
    {
        var (first, count) = overscan.PerRow ? (trim.Row0, trim.Height) : (trim.Column0, trim.Width);
        for (var i = first; i < first + count; i++)
        {
            if (double.IsNaN(overscan.Levels[i]))
            {
                var axis = overscan.PerRow ? "rows" : "columns";
                throw new CcdInputException($"{source}: the overscan section does not cover all {axis} of the trim section {trim}; fix BIASSEC/TRIMSEC or pass --overscan-section/--trim-section");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractScalar(ReadOnlySpan<float> source, float level, Span<float> target)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var l = new Vector<float>(level);
            for (; x + Vector<float>.Count <= source.Length; x += Vector<float>.Count)
                (new Vector<float>(source[x..]) - l).CopyTo(target[x..]);
        }
        for (; x < source.Length; x++)
            target[x] = source[x] - level;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractArray(ReadOnlySpan<float> source, ReadOnlySpan<float> levels, Span<float> target)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; x + Vector<float>.Count <= source.Length; x += Vector<float>.Count)
                (new Vector<float>(source[x..]) - new Vector<float>(levels[x..])).CopyTo(target[x..]);
        }
        for (; x < source.Length; x++)
            target[x] = source[x] - levels[x];
    }
}
