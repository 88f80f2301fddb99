using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VolunteerGrid.Shared.Wcs;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// Reprojects an image onto a window of a template grid, preserving surface brightness: each output
/// pixel is the overlap-area-weighted mean of the input pixels behind it, and the area image holds that
/// overlap in steradians (Montage mProject conventions). Pure: pixels and WCS in, arrays out.
/// Work is split over blocks of output rows; within a block input pixels are added in a fixed order,
/// so results are bit-identical for any thread count and any window split.
/// </summary>
public static class Reprojector
{
    // Tall blocks: a rotated input row spans many output rows and is scanned once per block it touches.
    private const int MinRowsPerBlock = 64;
    private const double DegToRad = Math.PI / 180.0;

    // pixels: Row-major input, <paramref name="width"/> per row; NaN pixels are blanks.
    // method: Fast falls back to exact where <see cref="FastMethodCheck"/> says it would be inaccurate.
    public static ProjectedImage Reproject(
        float[] pixels, int width, int height, CelestialWcs input, TemplateGrid template, PixelWindow window,
        ReprojectionMethod method, ParallelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height != pixels.Length)
            throw new ArgumentException($"pixel count {pixels.Length} does not match {width}×{height}", nameof(pixels));
        options ??= new ParallelOptions();
        if (window.IsEmpty)
            return new ProjectedImage(window, [], []);
        // Every element is written by Finish, so the runtime need not zero them first.
        var values = GC.AllocateUninitializedArray<float>((int)window.PixelCount);
        var area = GC.AllocateUninitializedArray<double>((int)window.PixelCount);
        var exact = ResolveMethod(method, input, width, height, template) == ReprojectionMethod.Exact;
        // Exact onto a TAN template: the template's pixel plane is an affine image of its gnomonic
        // plane, where great circles are straight lines (Calabretta & Greisen 2002, §5.1.3). So the
        // spherical quadrilaterals of input pixels (great-circle edges between their corners) become
        // plane quadrilaterals through their corners, output pixels stay unit squares, and the
        // spherical intersection is exactly the plane one. Only the area element differs: dΩ =
        // dx dy / (1 + r²)^{3/2}; it cancels in each pixel's weighted mean, and the area image takes it
        // at the output pixel's centre (exact for fully covered pixels to second order in pixel size).
        var planar = !exact || IsPlainTan(template.Wcs);
        using var grid = CornerGrid.Build(new PixelMapper(input, template.Wcs), width, height, window, withVectors: !planar, options, allowHomography: !exact);
        var corners = planar ? null : OutputCorners.Build(template.Wcs, window, options);
        // Plane overlaps are in output pixel units: scale by the template's nominal pixel solid angle.
        var d = template.Wcs.Definition;
        var scale = planar ? Math.Abs((d.Cd11 * d.Cd22) - (d.Cd12 * d.Cd21)) * DegToRad * DegToRad : 1.0;
        var outWidth = window.Width;
        // Blocks of rows, at least two per core: each block rescans the input rows that reach into it,
        // so fewer, taller blocks waste less.
        var cores = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var rowsPerBlock = Math.Max(MinRowsPerBlock, (window.Height + (2 * cores) - 1) / (2 * cores));
        var blocks = (window.Height + rowsPerBlock - 1) / rowsPerBlock;
        Parallel.For(0, blocks, options, b =>
        {
            var k0 = b * rowsPerBlock;
            var k1 = Math.Min(window.Height, k0 + rowsPerBlock);
            var n = (k1 - k0) * outWidth;
            var sumVW = ArrayPool<double>.Shared.Rent(n);
            var sumW = ArrayPool<double>.Shared.Rent(n);
            sumVW.AsSpan(0, n).Clear();
            sumW.AsSpan(0, n).Clear();
            if (planar)
                FastOverlapKernel.AccumulateBlock(grid, pixels, width, outWidth, k0, k1, sumVW, sumW);
            else
                ExactOverlapKernel.AccumulateBlock(grid, corners!, pixels, width, outWidth, k0, k1, sumVW, sumW);
            Finish(sumVW, sumW, window, k0, k1, scale, exact && planar ? d : null, values, area);
            ArrayPool<double>.Shared.Return(sumVW);
            ArrayPool<double>.Shared.Return(sumW);
        });
        return new ProjectedImage(window, values, area);
    }

    /// <summary>Reprojects onto the part of the template the input covers; throws when there is none.</summary>
    public static ProjectedImage ReprojectToFootprint(
        float[] pixels, int width, int height, CelestialWcs input, TemplateGrid template, ReprojectionMethod method,
        ParallelOptions? options = null, string source = "input image")
    {
        var window = Footprint.Of(input, width, height, template);
        if (window.IsEmpty)
            throw new NoOverlapException(source);
        return Reproject(pixels, width, height, input, template, window, method, options);
    }

    // gnomonic: the template's definition when areas take the gnomonic area element, else null.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Finish(double[] sumVW, double[] sumW, PixelWindow window, int k0, int k1, double scale, WcsDefinition? gnomonic, float[] values, double[] area)
    {
        var outWidth = window.Width;
        for (var k = k0; k < k1; k++)
        {
            var offset = k * outWidth;
            var local = (k - k0) * outWidth;
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref var vw = ref MemoryMarshal.GetArrayDataReference(sumVW);
                ref var ws = ref MemoryMarshal.GetArrayDataReference(sumW);
                ref var outValues = ref MemoryMarshal.GetArrayDataReference(values);
                ref var outArea = ref MemoryMarshal.GetArrayDataReference(area);
                var nan = Vector256.Create(double.NaN);
                for (; j + (2 * Vector256<double>.Count) <= outWidth; j += 2 * Vector256<double>.Count)
                {
                    var i = (nuint)(local + j);
                    var o = (nuint)(offset + j);
                    var w0 = Vector256.LoadUnsafe(ref ws, i);
                    var w1 = Vector256.LoadUnsafe(ref ws, i + 4);
                    var v0 = Vector256.ConditionalSelect(Vector256.GreaterThan(w0, Vector256<double>.Zero), Vector256.LoadUnsafe(ref vw, i) / w0, nan);
                    var v1 = Vector256.ConditionalSelect(Vector256.GreaterThan(w1, Vector256<double>.Zero), Vector256.LoadUnsafe(ref vw, i + 4) / w1, nan);
                    Vector256.Narrow(v0, v1).StoreUnsafe(ref outValues, o);
                    (w0 * scale).StoreUnsafe(ref outArea, o);
                    (w1 * scale).StoreUnsafe(ref outArea, o + 4);
                }
            }
            for (; j < outWidth; j++)
            {
                var w = sumW[local + j];
                values[offset + j] = w > 0 ? (float)(sumVW[local + j] / w) : float.NaN;
                area[offset + j] = w * scale;
            }
            if (gnomonic is not null)
            {
                var v = window.Y0 + k + 1 - gnomonic.CrPix2;
                for (var jg = 0; jg < outWidth; jg++)
                    area[offset + jg] *= GnomonicAreaFactor(gnomonic, window.X0 + jg + 1 - gnomonic.CrPix1, v);
            }
        }
    }

    private static bool IsPlainTan(CelestialWcs wcs) => wcs.Projection == ProjectionCode.Tan && !wcs.HasSip;

    // Solid angle per unit area of the gnomonic plane at pixel offset (u, v) from CRPIX: 1 / (1 + r²)^{3/2}
    // with r the plane radius in radians (Calabretta & Greisen 2002, eq. 54: R_θ = cot θ).
    private static double GnomonicAreaFactor(WcsDefinition d, double u, double v)
    {
        var x = ((d.Cd11 * u) + (d.Cd12 * v)) * DegToRad;
        var y = ((d.Cd21 * u) + (d.Cd22 * v)) * DegToRad;
        var r2 = 1 + (x * x) + (y * y);
        return 1 / (r2 * Math.Sqrt(r2));
    }

    /// <summary>The method actually used: fast only where its error bound holds.</summary>
    public static ReprojectionMethod ResolveMethod(ReprojectionMethod requested, CelestialWcs input, int width, int height, TemplateGrid template)
    {
        if (requested == ReprojectionMethod.Exact)
            return ReprojectionMethod.Exact;
        if (input.Projection == ProjectionCode.Tan && !input.HasSip && template.Wcs.Projection == ProjectionCode.Tan && !template.Wcs.HasSip)
            return ReprojectionMethod.Fast;
        return FastMethodCheck.EstimateRelativeAreaError(input, width, height, template.Wcs) <= FastMethodCheck.MaxRelativeAreaError
            ? ReprojectionMethod.Fast
            : ReprojectionMethod.Exact;
    }
}
