using System.Buffers;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// The corners of every input pixel (FITS x = i + 0.5, y = j + 0.5 for i = 0…width, j = 0…height),
/// computed once and shared by the four pixels that meet there: their position in the output
/// window's pixel plane (U, V; output pixel (j, k) of the window spans [j, j+1] × [k, k+1]) and,
/// for the exact method, their unit vectors on the sphere in the output's frame.
/// </summary>
internal sealed class CornerGrid : IDisposable
{
    private CornerGrid(int width, int height, bool withVectors)
    {
        Columns = width + 1;
        Rows = height + 1;
        var n = Columns * Rows;
        // Pooled: a 512×1024 image has 4 MB of corners per coordinate, allocated and page-faulted anew
        // for every image otherwise. Arrays may be longer than n; indices never reach past it.
        U = ArrayPool<double>.Shared.Rent(n);
        V = ArrayPool<double>.Shared.Rent(n);
        RowVMin = new double[height];
        RowVMax = new double[height];
        if (withVectors)
        {
            X = ArrayPool<double>.Shared.Rent(n);
            Y = ArrayPool<double>.Shared.Rent(n);
            Z = ArrayPool<double>.Shared.Rent(n);
        }
    }

    public int Columns { get; }

    public int Rows { get; }

    public double[] U { get; }

    public double[] V { get; }

    /// <summary>Lowest and highest V over the corners of each input pixel row (NaN corners ignored).</summary>
    public double[] RowVMin { get; }

    public double[] RowVMax { get; }

    /// <summary>Line slopes when corner rows and columns are straight (homography corners), else null.</summary>
    public StraightLines? Lines { get; private set; }

    public double[]? X { get; }

    public double[]? Y { get; }

    public double[]? Z { get; }

    // allowHomography: false when corners must come through the full WCS (the exact method).
    /// <summary>Gives the corner arrays back to the pool; the grid must not be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var array in new[] { U, V, X, Y, Z })
        {
            if (array is not null)
                ArrayPool<double>.Shared.Return(array);
        }
    }

    public static CornerGrid Build(PixelMapper mapper, int width, int height, PixelWindow window, bool withVectors, ParallelOptions options, bool allowHomography = true)
    {
        var grid = new CornerGrid(width, height, withVectors);
        var columns = grid.Columns;
        // The fast method needs only plane positions: for TAN→TAN they follow from a homography,
        // two multiply-adds and a division per corner instead of a trip through the sky.
        var homography = withVectors || !allowHomography ? null : PlaneHomography.TryCreate(mapper, width, height);
        if (homography is not null)
        {
            // Per corner row, then per pixel row (the two corner rows around it).
            var cornerMin = new double[grid.Rows];
            var cornerMax = new double[grid.Rows];
            Parallel.For(0, grid.Rows, options, j =>
            {
                // Output FITS pixel k (1-based) spans [k − 0.5, k + 0.5]; window pixel 0 is FITS X0 + 1.
                var offset = j * columns;
                (cornerMin[j], cornerMax[j]) = homography.MapRow(j + 0.5, 0.5 + window.X0, 0.5 + window.Y0,
                    grid.U.AsSpan(offset, columns), grid.V.AsSpan(offset, columns));
            });
            for (var r = 0; r < height; r++)
            {
                grid.RowVMin[r] = Math.Min(cornerMin[r], cornerMin[r + 1]);
                grid.RowVMax[r] = Math.Max(cornerMax[r], cornerMax[r + 1]);
            }
            grid.Lines = StraightLines.Of(grid.U, grid.V, columns, grid.Rows);
            return grid;
        }
        Parallel.For(0, grid.Rows, options, () => new double[6 * columns], (j, _, buffer) =>
        {
            var x = buffer.AsSpan(0, columns);
            var y = buffer.AsSpan(columns, columns);
            var lon = buffer.AsSpan(2 * columns, columns);
            var lat = buffer.AsSpan(3 * columns, columns);
            var ox = buffer.AsSpan(4 * columns, columns);
            var oy = buffer.AsSpan(5 * columns, columns);
            for (var i = 0; i < columns; i++)
                x[i] = i + 0.5;
            y.Fill(j + 0.5);
            mapper.ToOutputPixels(x, y, lon, lat, ox, oy);
            var offset = j * columns;
            // Output FITS pixel k (1-based) spans [k − 0.5, k + 0.5]; window pixel 0 is FITS X0 + 1.
            for (var i = 0; i < columns; i++)
            {
                grid.U[offset + i] = ox[i] - 0.5 - window.X0;
                grid.V[offset + i] = oy[i] - 0.5 - window.Y0;
            }
            if (withVectors)
                SphereVectors.FromLonLat(lon, lat, grid.X.AsSpan(offset, columns), grid.Y.AsSpan(offset, columns), grid.Z.AsSpan(offset, columns));
            return buffer;
        }, _ => { });
        ComputeRowRanges(grid, height);
        return grid;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeRowRanges(CornerGrid grid, int height)
    {
        var columns = grid.Columns;
        for (var r = 0; r < height; r++)
        {
            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            var v = grid.V.AsSpan(r * columns, 2 * columns);
            foreach (var value in v)
            {
                if (value < lo)
                    lo = value;
                if (value > hi)
                    hi = value;
            }
            grid.RowVMin[r] = lo;
            grid.RowVMax[r] = hi;
        }
    }
}
