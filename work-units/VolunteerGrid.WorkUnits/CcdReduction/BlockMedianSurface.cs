using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VolunteerGrid.WorkUnits.Statistics;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Large-scale model of an image: medians of box×box blocks, bilinearly interpolated between
/// block centres (the SExtractor background-mesh idea, Bertin &amp; Arnouts 1996, §3.1, with a plain
/// median per mesh). Outliers a few pixels wide do not move a block median.
/// </summary>
public static class BlockMedianSurface
{
    public static CcdImage Compute(CcdImage image, int box, ParallelOptions? parallel = null)
    {
        var mesh = Build(image, box, parallel);
        var surface = new CcdImage(image.Width, image.Height);
        Parallel.For(0, image.Height, parallel ?? new ParallelOptions(), y => mesh.Row(y, surface.Row(y)));
        return surface;
    }

    /// <summary>
    /// The block medians, ready to give the surface row by row (<see cref="Mesh.Row"/>): callers that
    /// use each surface row once compare against it while it is in cache instead of writing a frame.
    /// </summary>
    internal static Mesh Build(CcdImage image, int box, ParallelOptions? parallel = null)
    {
        var nx = (image.Width + box - 1) / box;
        var ny = (image.Height + box - 1) / box;
        var grid = new double[nx * ny];
        Parallel.For(0, ny, parallel ?? new ParallelOptions(), () => new BlockScratch(box * box), (by, _, scratch) =>
        {
            var yEnd = Math.Min(image.Height, (by + 1) * box);
            for (var bx = 0; bx < nx; bx++)
            {
                var x0 = bx * box;
                var width = Math.Min(image.Width, x0 + box) - x0;
                var n = 0;
                for (var y = by * box; y < yEnd; y++, n += width)
                    image.ReadRow(y).Slice(x0, width).CopyTo(scratch.Values.AsSpan(n));
                // Non-finite values are dropped by the selection itself.
                grid[(by * nx) + bx] = BisectionSelect.Median(scratch.Values.AsSpan(0, n), scratch.Keys);
            }
            return scratch;
        }, _ => { });
        FillEmptyBlocks(grid);
        return new Mesh(grid, nx, ny, box, image.Width, image.Height);
    }

    /// <summary>Block medians of one image and the column brackets every row shares.</summary>
    internal sealed class Mesh
    {
        private readonly double[] _grid;
        private readonly int _nx;
        private readonly int _ny;
        private readonly int _box;
        private readonly int _width;
        private readonly int _height;
        private readonly (int Lo, int Hi, double Fraction)[] _columns;
        private readonly double[] _fractions;

        public Mesh(double[] grid, int nx, int ny, int box, int width, int height)
        {
            (_grid, _nx, _ny, _box, _width, _height) = (grid, nx, ny, box, width, height);
            // Column brackets are the same on every row: compute them once.
            _columns = [.. Enumerable.Range(0, width).Select(x => Bracket(x, box, nx, width))];
            _fractions = [.. _columns.Select(c => c.Fraction)];
        }

        /// <summary>Row <paramref name="y"/> of the interpolated surface.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row(int y, Span<float> row)
        {
            var (y0, y1, fy) = Bracket(y, _box, _ny, _height);
            // Columns between two block centres share their four grid values: interpolate each such
            // run with the same expression, lane by lane (no FMA), as the scalar tail does.
            var x = 0;
            while (x < _width)
            {
                var (x0, x1, _) = _columns[x];
                var end = x + 1;
                while (end < _width && _columns[end].Lo == x0 && _columns[end].Hi == x1)
                    end++;
                double a = _grid[(y0 * _nx) + x0], b = _grid[(y0 * _nx) + x1], c = _grid[(y1 * _nx) + x0], d = _grid[(y1 * _nx) + x1];
                x = InterpolateRun(_fractions, x, end, a, b, c, d, fy, row);
            }
        }
    }

    /// <summary>Bilinear values of columns [from, end) whose corner values are a, b (row y0) and c, d (row y1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int InterpolateRun(double[] fractions, int from, int end, double a, double b, double c, double d, double fy, Span<float> row)
    {
        var x = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1.0);
            var vFy = Vector256.Create(fy);
            var oneMinusFy = Vector256.Create(1 - fy);
            var (va, vb, vc, vd) = (Vector256.Create(a), Vector256.Create(b), Vector256.Create(c), Vector256.Create(d));
            for (; x + 8 <= end; x += 8)
            {
                var low = Corner(Vector256.Create(fractions.AsSpan(x)), one, va, vb, vc, vd, vFy, oneMinusFy);
                var high = Corner(Vector256.Create(fractions.AsSpan(x + 4)), one, va, vb, vc, vd, vFy, oneMinusFy);
                Vector256.Narrow(low, high).CopyTo(row[x..]);
            }
        }
        for (; x < end; x++)
        {
            var fx = fractions[x];
            var top = ((1 - fx) * a) + (fx * b);
            var bottom = ((1 - fx) * c) + (fx * d);
            row[x] = (float)(((1 - fy) * top) + (fy * bottom));
        }
        return end;
    }

    private static Vector256<double> Corner(Vector256<double> fx, Vector256<double> one, Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Vector256<double> fy, Vector256<double> oneMinusFy)
    {
        var top = ((one - fx) * a) + (fx * b);
        var bottom = ((one - fx) * c) + (fx * d);
        return (oneMinusFy * top) + (fy * bottom);
    }

    /// <summary>Neighbouring block indices and weight for a pixel; block centres are their mid-points.</summary>
    private static (int Lo, int Hi, double Fraction) Bracket(int p, int box, int blocks, int length)
    {
        double Centre(int b) => ((b * box) + Math.Min(length, (b + 1) * box) - 1) / 2.0;
        if (blocks == 1 || p <= Centre(0))
            return (0, 0, 0);
        if (p >= Centre(blocks - 1))
            return (blocks - 1, blocks - 1, 0);
        var lo = Math.Min(blocks - 2, (int)((p - Centre(0)) / box));
        while (lo > 0 && p < Centre(lo))
            lo--;
        while (lo < blocks - 2 && p > Centre(lo + 1))
            lo++;
        return (lo, lo + 1, (p - Centre(lo)) / (Centre(lo + 1) - Centre(lo)));
    }

    /// <summary>Blocks with no finite pixel take the median of the others (0 if none).</summary>
    private static void FillEmptyBlocks(double[] grid)
    {
        var finite = grid.Where(double.IsFinite).Select(v => (float)v).ToArray();
        var fallback = finite.Length == 0 ? 0 : RobustStatistics.MedianOfCopy(finite);
        for (var i = 0; i < grid.Length; i++)
        {
            if (!double.IsFinite(grid[i]))
                grid[i] = fallback;
        }
    }

    /// <summary>Per-worker buffers for one block's values and their sort keys.</summary>
    private sealed class BlockScratch(int size)
    {
        public float[] Values { get; } = new float[size];

        public int[] Keys { get; } = new int[size];
    }
}
