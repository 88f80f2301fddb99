using System.Runtime.CompilerServices;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Coadd;

/// <summary>
/// Co-adds reprojected images on a window of the template (mAdd): each output pixel combines the
/// images covering it, in the order given, after subtracting each image's background correction.
/// Per pixel the arithmetic is the same whatever the window, so tiles assemble into exactly the
/// mosaic one whole window would give. Pure: images in, arrays out.
/// </summary>
public static class Coadder
{
    // corrections: Per image (same order), or null for none.
    public static ProjectedImage Coadd(
        PixelWindow tile, IReadOnlyList<ProjectedImage> images, IReadOnlyList<BackgroundPlane>? corrections,
        TemplateGrid template, CoaddMethod method, ParallelOptions? options = null)
    {
        if (corrections is not null && corrections.Count != images.Count)
            throw new ArgumentException($"{corrections.Count} corrections for {images.Count} images", nameof(corrections));
        options ??= new ParallelOptions();
        var values = new float[tile.PixelCount];
        var area = new double[tile.PixelCount];
        var crpix1 = template.Wcs.Definition.CrPix1;
        var crpix2 = template.Wcs.Definition.CrPix2;
        var width = tile.Width;
        Parallel.For(0, tile.Height, options, () => new RowBuffers(width, images.Count), (k, _, buffers) =>
        {
            AddRow(tile, images, corrections, crpix1, crpix2, method, k, buffers);
            buffers.Finish(method, values.AsSpan(k * width, width), area.AsSpan(k * width, width));
            return buffers;
        }, _ => { });
        return new ProjectedImage(tile, values, area);
    }

    // One output row: every image covering it, in the order given. Fully optimised from the first call:
    // as a loop body called once per row it would otherwise start as unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRow(PixelWindow tile, IReadOnlyList<ProjectedImage> images, IReadOnlyList<BackgroundPlane>? corrections,
        double crpix1, double crpix2, CoaddMethod method, int k, RowBuffers buffers)
    {
        var y = tile.Y0 + k;
        buffers.Clear();
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            var w = image.Window;
            if (y < w.Y0 || y >= w.Y1)
                continue;
            var x0 = Math.Max(tile.X0, w.X0);
            var x1 = Math.Min(tile.X1, w.X1);
            if (x1 <= x0)
                continue;
            var plane = corrections?[i] ?? BackgroundPlane.Zero;
            // Template FITS y of this row is y + 1; x likewise per column.
            var yRel = y + 1 - crpix2;
            var src = ((y - w.Y0) * w.Width) - w.X0;
            var areas = image.Area;
            var samples = image.Values;
            if (method == CoaddMethod.Median)
            {
                for (var x = x0; x < x1; x++)
                {
                    var a = areas[src + x];
                    var v = samples[src + x];
                    if (a > 0 && !float.IsNaN(v))
                        buffers.AddSample(x - tile.X0, v - plane.At(x + 1 - crpix1, yRel), a);
                }
            }
            else
            {
                buffers.AddSpan(x0 - tile.X0, areas.AsSpan(src + x0, x1 - x0), samples.AsSpan(src + x0, x1 - x0), plane, x0 + 1 - crpix1, yRel);
            }
        }
    }

    private sealed class RowBuffers(int width, int images)
    {
        private readonly double[] _sumVW = new double[width];
        private readonly double[] _sumW = new double[width];
        private readonly int[] _count = new int[width];
        // Median needs every value; a pixel has at most one per image.
        private double[]? _samples;
        private readonly int _depth = Math.Max(1, images);

        public void Clear()
        {
            Array.Clear(_sumVW);
            Array.Clear(_sumW);
            Array.Clear(_count);
        }

        public void AddSample(int x, double value, double area)
        {
            _samples ??= new double[_sumVW.Length * _depth];
            _samples[(x * _depth) + _count[x]] = value;
            Add(x, value, area);
        }

        // Mean and count: the images' pixels [first, first + n) of this row, plane-corrected (xRel: the
        // first pixel's x relative to CRPIX1). Same arithmetic per pixel as AddSample.
        public void AddSpan(int first, ReadOnlySpan<double> areas, ReadOnlySpan<float> samples, BackgroundPlane plane, double xRel, double yRel)
        {
            var sumVW = _sumVW.AsSpan(first, areas.Length);
            var sumW = _sumW.AsSpan(first, areas.Length);
            var count = _count.AsSpan(first, areas.Length);
            for (var j = 0; j < areas.Length; j++)
            {
                var a = areas[j];
                var v = samples[j];
                if (!(a > 0) || float.IsNaN(v))
                    continue;
                var corrected = v - plane.At(xRel + j, yRel);
                sumVW[j] += corrected * a;
                sumW[j] += a;
                count[j]++;
            }
        }

        private void Add(int x, double value, double area)
        {
            _sumVW[x] += value * area;
            _sumW[x] += area;
            _count[x]++;
        }

        public void Finish(CoaddMethod method, Span<float> values, Span<double> area)
        {
            for (var x = 0; x < values.Length; x++)
            {
                var n = _count[x];
                area[x] = _sumW[x];
                values[x] = n == 0 ? float.NaN : method switch
                {
                    CoaddMethod.Mean => (float)(_sumVW[x] / _sumW[x]),
                    CoaddMethod.Count => n,
                    _ => (float)Median(_samples.AsSpan(x * _depth, n)),
                };
            }
        }

        private static double Median(Span<double> s)
        {
            s.Sort();
            var n = s.Length;
            return n % 2 == 1 ? s[n / 2] : 0.5 * (s[(n / 2) - 1] + s[n / 2]);
        }
    }
}
