using System.Collections.Concurrent;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// Fits each overlap pair as soon as both its images are projected, on the thread that projected the
/// second one, so the fit stage runs inside the project stage instead of after it (and while both
/// images are still in cache). <see cref="Finish"/> fits whatever is left and returns the fits in
/// <see cref="Overlaps.Find"/>'s order: the same list, bit for bit, as fitting all pairs afterwards
/// (each fit is a pure function of its two images).
/// </summary>
internal sealed class OverlapFitsAsProjected(ProjectedImage[] projected, TemplateGrid template, IProgress<MosaicProgress>? progress, int expectedPairs)
{
    private readonly int[] _done = new int[projected.Length];
    // A pair is fitted by the thread that claims it first; the value is filled in once fitted.
    private readonly ConcurrentDictionary<OverlapPair, DifferenceFit?> _fits = new();
    private int _fitted;

    /// <summary>Call once image <paramref name="i"/> is stored in the projected array.</summary>
    public void Projected(int i)
    {
        // A full fence: of two images finishing at once on two threads, at least one sees the other
        // done (and Finish picks up any pair both missed, should the windows have changed).
        Interlocked.Exchange(ref _done[i], 1);
        for (var j = 0; j < _done.Length; j++)
        {
            if (j == i || Volatile.Read(ref _done[j]) == 0)
                continue;
            var pair = j < i ? new OverlapPair(j, i) : new OverlapPair(i, j);
            if (projected[pair.Plus].Window.Intersect(projected[pair.Minus].Window).IsEmpty || !_fits.TryAdd(pair, null))
                continue;
            FitOne(pair);
        }
    }

    /// <summary>All fits, ordered by (plus, minus); pairs not fitted yet are fitted now, in parallel.</summary>
    public IReadOnlyList<DifferenceFit> Finish(ParallelOptions parallel)
    {
        var pairs = Overlaps.Find([.. projected.Select(p => p.Window)]);
        var left = pairs.Where(p => _fits.TryAdd(p, null)).ToList();
        Parallel.For(0, left.Count, parallel, k => FitOne(left[k]));
        return [.. pairs.Select(p => _fits[p]!)];
    }

    private void FitOne(OverlapPair pair)
    {
        _fits[pair] = DifferenceFitter.Fit(pair.Plus, pair.Minus, projected[pair.Plus], projected[pair.Minus], template);
        progress?.Report(new MosaicProgress("fit", Interlocked.Increment(ref _fitted), expectedPairs));
    }
}
