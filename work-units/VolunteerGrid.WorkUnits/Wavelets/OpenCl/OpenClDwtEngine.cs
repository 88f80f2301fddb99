using System.Runtime.CompilerServices;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.WorkUnits.Wavelets.OpenCl;

/// <summary>
/// The transforms on an OpenCL device. A decomposition's bands stay on the device between
/// <see cref="Decompose"/> and <see cref="Reconstruct"/>; its detail bands are also copied back,
/// because σ (a median) and the BayesShrink thresholds are computed on the CPU by the same code as
/// the CPU path. Work items do not depend on each other within a pass, so passes are plain 2-D ranges.
/// </summary>
internal sealed class OpenClDwtEngine(OpenClSession session) : IDwtEngine, IDisposable
{
    private readonly ConditionalWeakTable<WaveletDecomposition, DeviceBands> _onDevice = [];
    private readonly Dictionary<string, Filters> _filters = [];

    public WaveletDecomposition Decompose(Plane image, Wavelet wavelet, int levels, ParallelOptions? options)
    {
        var program = session.Program(DwtSource.Text);
        lock (session.Gate)
        {
            var f = FiltersOf(wavelet);
            var taps = wavelet.Length;
            var current = session.Upload<double>(image.Values, readOnly: false);
            var bands = new DeviceBands();
            var shapes = new List<(int, int)>(levels);
            var details = new List<WaveletLevel>(levels);
            var (rows, cols) = (image.Rows, image.Cols);
            for (var level = 0; level < levels; level++)
            {
                shapes.Add((rows, cols));
                var m0 = (rows + taps - 1) / 2;
                var m1 = (cols + taps - 1) / 2;
                using var low = session.Buffer<double>((long)m0 * cols);
                using var high = session.Buffer<double>((long)m0 * cols);
                program.Kernel(DwtSource.ForwardColumns)
                    .Arg(0, current).Arg(1, rows).Arg(2, cols).Arg(3, m0)
                    .Arg(4, f.DecLo).Arg(5, f.DecHi).Arg(6, taps).Arg(7, low).Arg(8, high)
                    .Run2D(cols, m0);
                var aa = session.Buffer<double>((long)m0 * m1);
                var ad = session.Buffer<double>((long)m0 * m1);
                var da = session.Buffer<double>((long)m0 * m1);
                var dd = session.Buffer<double>((long)m0 * m1);
                var rowsKernel = program.Kernel(DwtSource.ForwardRows);
                rowsKernel.Arg(0, low).Arg(1, m0).Arg(2, cols).Arg(3, m1).Arg(4, f.DecLo).Arg(5, f.DecHi).Arg(6, taps).Arg(7, aa).Arg(8, ad).Run2D(m1, m0);
                rowsKernel.Arg(0, high).Arg(7, da).Arg(8, dd).Run2D(m1, m0);
                bands.Details.Add((ad, da, dd));
                details.Add(new WaveletLevel(Download(ad, m0, m1), Download(da, m0, m1), Download(dd, m0, m1)));
                current.Dispose();
                current = aa;
                (rows, cols) = (m0, m1);
            }
            bands.Approximation = current;
            var decomposition = new WaveletDecomposition(wavelet, Download(current, rows, cols), details, shapes);
            _onDevice.Add(decomposition, bands);
            return decomposition;
        }
    }

    public Plane Reconstruct(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds> thresholds, ThresholdMode mode, ParallelOptions? options)
    {
        var program = session.Program(DwtSource.Text);
        lock (session.Gate)
        {
            var bands = _onDevice.TryGetValue(decomposition, out var kept) ? kept : Upload(decomposition);
            var f = FiltersOf(decomposition.Wavelet);
            var taps = decomposition.Wavelet.Length;
            var current = bands.Approximation!;
            var (rows, cols) = (0, 0);
            for (var level = decomposition.Levels - 1; level >= 0; level--)
            {
                (rows, cols) = decomposition.InputShapes[level];
                var m0 = decomposition.Details[level].DD.Rows;
                var m1 = decomposition.Details[level].DD.Cols;
                var (ad, da, dd) = bands.Details[level];
                var t = thresholds[level];
                using var low = session.Buffer<double>((long)m0 * cols);
                using var high = session.Buffer<double>((long)m0 * cols);
                program.Kernel(DwtSource.InverseRows)
                    .Arg(0, current).Arg(1, ad).Arg(2, da).Arg(3, dd).Arg(4, m0).Arg(5, m1).Arg(6, cols)
                    .Arg(7, f.RecLo).Arg(8, f.RecHi).Arg(9, taps)
                    .Arg(10, t.AD).Arg(11, t.DA).Arg(12, t.DD).Arg(13, mode == ThresholdMode.Soft ? 1 : 0)
                    .Arg(14, low).Arg(15, high)
                    .Run2D((cols + 1) / 2, m0);
                var output = session.Buffer<double>((long)rows * cols);
                program.Kernel(DwtSource.InverseColumns)
                    .Arg(0, low).Arg(1, high).Arg(2, rows).Arg(3, cols).Arg(4, f.RecLo).Arg(5, f.RecHi).Arg(6, taps).Arg(7, output)
                    .Run2D(cols, (rows + 1) / 2);
                if (current != bands.Approximation)
                    current.Dispose();
                current = output;
            }
            var result = Download(current, rows, cols);
            current.Dispose();
            return result;
        }
    }

    public void Release(WaveletDecomposition decomposition)
    {
        if (_onDevice.TryGetValue(decomposition, out var bands))
        {
            bands.Dispose();
            _onDevice.Remove(decomposition);
        }
        WaveletTransform2D.Release(decomposition);
    }

    private DeviceBands Upload(WaveletDecomposition decomposition)
    {
        var bands = new DeviceBands { Approximation = session.Upload<double>(decomposition.Approximation.Values) };
        foreach (var level in decomposition.Details)
            bands.Details.Add((session.Upload<double>(level.AD.Values), session.Upload<double>(level.DA.Values), session.Upload<double>(level.DD.Values)));
        _onDevice.Add(decomposition, bands);
        return bands;
    }

    private static Plane Download(OpenClBuffer<double> buffer, int rows, int cols)
    {
        var plane = Plane.Rent(rows, cols, pooled: true);
        buffer.Read(plane.Values);
        return plane;
    }

    private Filters FiltersOf(Wavelet wavelet)
    {
        if (!_filters.TryGetValue(wavelet.Name, out var f))
        {
            f = new Filters(session.Upload<double>(wavelet.DecLo), session.Upload<double>(wavelet.DecHi),
                session.Upload<double>(wavelet.RecLo), session.Upload<double>(wavelet.RecHi));
            _filters[wavelet.Name] = f;
        }
        return f;
    }

    /// <summary>Frees the filter buffers (decompositions are freed by <see cref="Release"/>).</summary>
    public void Dispose()
    {
        foreach (var f in _filters.Values)
        {
            f.DecLo.Dispose();
            f.DecHi.Dispose();
            f.RecLo.Dispose();
            f.RecHi.Dispose();
        }
        _filters.Clear();
    }

    private sealed record Filters(OpenClBuffer<double> DecLo, OpenClBuffer<double> DecHi, OpenClBuffer<double> RecLo, OpenClBuffer<double> RecHi);

    private sealed class DeviceBands : IDisposable
    {
        public OpenClBuffer<double>? Approximation { get; set; }

        public List<(OpenClBuffer<double> AD, OpenClBuffer<double> DA, OpenClBuffer<double> DD)> Details { get; } = [];

        public void Dispose()
        {
            Approximation?.Dispose();
            foreach (var (ad, da, dd) in Details)
            {
                ad.Dispose();
                da.Dispose();
                dd.Dispose();
            }
        }
    }
}
