using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Coadd;

/// <summary>
/// One output row of a co-add at a time, into caller-owned spans, so the in-memory co-add
/// (<see cref="Coadder"/>) and the streaming mosaic writer share the same per-pixel arithmetic and
/// give the same bits. Rows are independent: any number of threads may call <see cref="Row"/>, each
/// with its own <see cref="Scratch"/>.
/// </summary>
internal sealed class CoaddRowKernel
{
    private readonly PixelWindow _tile;
    private readonly IReadOnlyList<ProjectedImage> _images;
    private readonly BackgroundPlane[] _planes;
    private readonly double _crpix1;
    private readonly double _crpix2;
    private readonly CoaddMethod _method;

    // corrections: per image (same order), or null for none.
    public CoaddRowKernel(PixelWindow tile, IReadOnlyList<ProjectedImage> images, IReadOnlyList<BackgroundPlane>? corrections,
        TemplateGrid template, CoaddMethod method)
    {
        if (corrections is not null && corrections.Count != images.Count)
            throw new ArgumentException($"{corrections.Count} corrections for {images.Count} images", nameof(corrections));
        _tile = tile;
        _images = images;
        _planes = corrections is null ? new BackgroundPlane[images.Count] : [.. corrections];
        _crpix1 = template.Wcs.Definition.CrPix1;
        _crpix2 = template.Wcs.Definition.CrPix2;
        _method = method;
    }

    public Scratch NewScratch() => new(_tile.Width, _images.Count);

    /// <summary>Tile row <paramref name="k"/> (0-based) into <paramref name="values"/> and <paramref name="area"/> (tile width each).</summary>
    // Fully optimised from the first call: as a loop body called once per row it would otherwise start
    // as unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(int k, Span<float> values, Span<double> area, Scratch scratch)
    {
        var y = _tile.Y0 + k;
        // Template FITS y of this row is y + 1; x likewise per column.
        var yRel = y + 1 - _crpix2;
        // The mean accumulates Σw straight into the output area (it is the area image) and Σv·w over
        // the columns some image covers, [lo, hi); the rest of the row is blank.
        area.Clear();
        var (lo, hi) = (_tile.Width, 0);
        if (_method != CoaddMethod.Mean)
            scratch.ClearCounts();
        for (var i = 0; i < _images.Count; i++)
        {
            var image = _images[i];
            var w = image.Window;
            if (y < w.Y0 || y >= w.Y1)
                continue;
            var x0 = Math.Max(_tile.X0, w.X0);
            var x1 = Math.Min(_tile.X1, w.X1);
            if (x1 <= x0)
                continue;
            var (first, n) = (x0 - _tile.X0, x1 - x0);
            if (_method == CoaddMethod.Mean)
                Cover(scratch.SumVW, first, first + n, ref lo, ref hi);
            var src = ((y - w.Y0) * w.Width) + (x0 - w.X0);
            var areas = image.Area.AsSpan(src, n);
            var samples = image.Values.AsSpan(src, n);
            var plane = _planes[i];
            var xRel = x0 + 1 - _crpix1;
            switch (_method)
            {
                case CoaddMethod.Mean:
                    AddMean(scratch.SumVW.AsSpan(first, n), area.Slice(first, n), areas, samples, plane, xRel, yRel);
                    break;
                default:
                    scratch.AddEach(first, x0, _crpix1, areas, samples, plane, yRel, area, _method == CoaddMethod.Median);
                    break;
            }
        }
        if (_method == CoaddMethod.Mean)
            FinishMean(scratch.SumVW, area, values, lo, hi);
        else
            scratch.Finish(_method, values, area);
    }

    // Widens the touched columns [lo, hi) to include [first, end); columns newly inside start from zero.
    private static void Cover(double[] sumVW, int first, int end, ref int lo, ref int hi)
    {
        if (hi <= lo)
        {
            sumVW.AsSpan(first, end - first).Clear();
            (lo, hi) = (first, end);
            return;
        }
        if (first < lo)
        {
            sumVW.AsSpan(first, lo - first).Clear();
            lo = first;
        }
        if (end > hi)
        {
            sumVW.AsSpan(hi, end - hi).Clear();
            hi = end;
        }
    }

    // Σ(v − plane)·w and Σw over the pixels with w > 0 and a value. Vector256 lanes do exactly the
    // scalar operations, in the same order, so both paths give the same bits. Optimised from the first
    // call, as Row is (unoptimised vector code is many times slower, and a mosaic run is short).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddMean(Span<double> sumVW, Span<double> sumW, ReadOnlySpan<double> areas, ReadOnlySpan<float> samples,
        BackgroundPlane plane, double xRel, double yRel)
    {
        var by = plane.B * yRel;
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rs = ref MemoryMarshal.GetReference(samples);
            ref var ra = ref MemoryMarshal.GetReference(areas);
            ref var rvw = ref MemoryMarshal.GetReference(sumVW);
            ref var rw = ref MemoryMarshal.GetReference(sumW);
            var (va, vby, vc, vx) = (Vector256.Create(plane.A), Vector256.Create(by), Vector256.Create(plane.C), Vector256.Create(xRel));
            var iota = Vector256.Create(0.0, 1.0, 2.0, 3.0);
            for (; j <= samples.Length - 8; j += 8)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref rs, (nuint)j));
                AddFour(ref rvw, ref rw, ref ra, j, low, va, vby, vc, vx + (Vector256.Create((double)j) + iota));
                AddFour(ref rvw, ref rw, ref ra, j + 4, high, va, vby, vc, vx + (Vector256.Create((double)(j + 4)) + iota));
            }
        }
        for (; j < samples.Length; j++)
        {
            var a = areas[j];
            var v = samples[j];
            if (!(a > 0) || float.IsNaN(v))
                continue;
            var corrected = v - ((plane.A * (xRel + j)) + by + plane.C);
            sumVW[j] += corrected * a;
            sumW[j] += a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddFour(ref double sumVW, ref double sumW, ref double areas, int j, Vector256<double> v,
        Vector256<double> a, Vector256<double> by, Vector256<double> c, Vector256<double> x)
    {
        var w = Vector256.LoadUnsafe(ref areas, (nuint)j);
        var valid = Vector256.GreaterThan(w, Vector256<double>.Zero) & Vector256.Equals(v, v);
        var corrected = v - (((a * x) + by) + c);
        var vw = Vector256.LoadUnsafe(ref sumVW, (nuint)j);
        var sw = Vector256.LoadUnsafe(ref sumW, (nuint)j);
        Vector256.ConditionalSelect(valid, vw + (corrected * w), vw).StoreUnsafe(ref sumVW, (nuint)j);
        Vector256.ConditionalSelect(valid, sw + w, sw).StoreUnsafe(ref sumW, (nuint)j);
    }

    // Mean = Σv·w / Σw where Σw > 0 (every weight added is > 0, so Σw = 0 exactly when nothing was).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FinishMean(double[] sumVW, ReadOnlySpan<double> sumW, Span<float> values, int lo, int hi)
    {
        if (hi <= lo)
        {
            values.Fill(float.NaN);
            return;
        }
        values[..lo].Fill(float.NaN);
        values[hi..].Fill(float.NaN);
        var x = lo;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rvw = ref MemoryMarshal.GetArrayDataReference(sumVW);
            ref var rw = ref MemoryMarshal.GetReference(sumW);
            ref var rv = ref MemoryMarshal.GetReference(values);
            var nan = Vector256.Create(float.NaN);
            for (; x <= hi - 8; x += 8)
            {
                var w0 = Vector256.LoadUnsafe(ref rw, (nuint)x);
                var w1 = Vector256.LoadUnsafe(ref rw, (nuint)(x + 4));
                var mean = Vector256.Narrow(Vector256.LoadUnsafe(ref rvw, (nuint)x) / w0, Vector256.LoadUnsafe(ref rvw, (nuint)(x + 4)) / w1);
                var blank = Vector256.Narrow(Vector256.Equals(w0, Vector256<double>.Zero).AsInt64(), Vector256.Equals(w1, Vector256<double>.Zero).AsInt64());
                Vector256.ConditionalSelect(blank.AsSingle(), nan, mean).StoreUnsafe(ref rv, (nuint)x);
            }
        }
        for (; x < hi; x++)
            values[x] = sumW[x] == 0 ? float.NaN : (float)(sumVW[x] / sumW[x]);
    }

    /// <summary>Per-thread row buffers.</summary>
    internal sealed class Scratch(int width, int images)
    {
        private readonly int[] _count = new int[width];
        // Median needs every value; a pixel has at most one per image.
        private double[]? _samples;
        private readonly int _depth = Math.Max(1, images);

        public double[] SumVW { get; } = new double[width];

        public void ClearCounts() => Array.Clear(_count);

        // Count and median, one pixel at a time: Σw into area, and for the median every value.
        // first: the span's first column in the row; column: its template column.
        public void AddEach(int first, int column, double crpix1, ReadOnlySpan<double> areas, ReadOnlySpan<float> samples,
            BackgroundPlane plane, double yRel, Span<double> area, bool keepSamples)
        {
            if (keepSamples)
                _samples ??= new double[_count.Length * _depth];
            for (var j = 0; j < areas.Length; j++)
            {
                var a = areas[j];
                var v = samples[j];
                if (!(a > 0) || float.IsNaN(v))
                    continue;
                var x = first + j;
                if (keepSamples)
                    _samples![(x * _depth) + _count[x]] = v - plane.At(column + j + 1 - crpix1, yRel);
                area[x] += a;
                _count[x]++;
            }
        }

        public void Finish(CoaddMethod method, Span<float> values, ReadOnlySpan<double> area)
        {
            for (var x = 0; x < values.Length; x++)
            {
                var n = _count[x];
                values[x] = n == 0 ? float.NaN : method switch
                {
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
