using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Coadd;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// The whole Montage chain in memory (mProjExec → mOverlaps → mDiffExec/mFitExec → mBgModel →
/// mBgExec → mAdd) with no intermediate files: every step uses the same pure kernels, in the same
/// order, as the work units of <see cref="MosaicCampaignKind"/>, so both give identical mosaics.
/// </summary>
public static class MosaicPipeline
{
    /// <summary>The whole chain, co-added in memory.</summary>
    public static MosaicResult Run(
        IEnumerable<(string Name, string Path)> images, TemplateGrid template, MosaicOptions options,
        ParallelOptions? parallel = null, IProgress<MosaicProgress>? progress = null, Action<string>? log = null,
        MosaicTimings? timings = null)
    {
        parallel ??= new ParallelOptions();
        var prepared = Prepare(images, template, options, parallel, progress, log, timings);
        var mosaic = Coadder.Coadd(template.Whole, prepared.Images, prepared.Corrections, template, options.Coadd, parallel);
        progress?.Report(new MosaicProgress("coadd", 1, 1));
        timings?.Mark("coadd");
        return new MosaicResult(mosaic, prepared.Used, prepared.Skipped, prepared.Fits, prepared.Corrections);
    }

    /// <summary>Everything before the co-add: select, project and (with background matching) fit and model.</summary>
    public static PreparedMosaic Prepare(
        IEnumerable<(string Name, string Path)> images, TemplateGrid template, MosaicOptions options,
        ParallelOptions? parallel = null, IProgress<MosaicProgress>? progress = null, Action<string>? log = null,
        MosaicTimings? timings = null)
    {
        parallel ??= new ParallelOptions();
        var skipped = new List<string>();
        var inputs = MosaicInputs.Select(images, template, skipped, parallel);
        foreach (var s in skipped)
            log?.Invoke($"{s}: does not overlap the template; skipped");
        if (inputs.Count == 0)
            throw new InvalidDataException("no input image overlaps the template; check the images' WCS or make a template that covers them (vgrid mkhdr)");

        timings?.Mark("select");

        var projected = new ProjectedImage[inputs.Count];
        // Many images: one image per core, each on one thread (no per-image fork/join, reads overlap
        // with work), and with background matching each overlap is fitted as soon as both its images
        // are projected, by the thread that finished the second. Few images: all cores inside each
        // image, then the fits. Either way each image's result is the same bits (Reprojector adds input
        // pixels in a fixed order) and so is each fit.
        var cores = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var acrossImages = inputs.Count >= 2 * cores;
        var inner = acrossImages ? new ParallelOptions { MaxDegreeOfParallelism = 1, CancellationToken = parallel.CancellationToken } : parallel;
        var fitter = options.BackgroundMatch
            ? new OverlapFitsAsProjected(projected, template, progress, Overlaps.Find([.. inputs.Select(i => i.Window)]).Count)
            : null;
        var projectedCount = 0;
        void ProjectOne(int i)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            var source = SourceImage.Load(inputs[i].Path, name: inputs[i].Name);
            projected[i] = Reprojector.Reproject(source.Pixels, source.Width, source.Height, source.Wcs, template, inputs[i].Window, options.Method, inner);
            if (projected[i].IsBlank)
                log?.Invoke($"{inputs[i].Name}: no valid pixels (all blank); it contributes nothing");
            progress?.Report(new MosaicProgress("project", Interlocked.Increment(ref projectedCount), inputs.Count));
            if (acrossImages)
                fitter?.Projected(i);
        }
        if (acrossImages)
            Parallel.For(0, inputs.Count, parallel, ProjectOne);
        else
        {
            for (var i = 0; i < inputs.Count; i++)
                ProjectOne(i);
        }
        timings?.Mark(fitter is not null && acrossImages ? "project+fit" : "project");

        IReadOnlyList<DifferenceFit> fits = [];
        BackgroundPlane[]? corrections = null;
        if (fitter is not null)
        {
            fits = fitter.Finish(parallel);
            timings?.Mark("fit");
            corrections = BackgroundModel.Solve(projected.Length, fits);
            progress?.Report(new MosaicProgress("model", 1, 1));
            timings?.Mark("model");
        }
        return new PreparedMosaic(projected, [.. inputs.Select(i => i.Name)], skipped, fits, corrections);
    }

    /// <summary>
    /// mOverlaps + mDiffExec + mFitExec in memory: the plane fitted to the difference of every
    /// overlapping pair, ordered by (plus, minus) as <see cref="Overlaps.Find"/> lists them.
    /// </summary>
    public static IReadOnlyList<DifferenceFit> FitOverlaps(IReadOnlyList<ProjectedImage> projected, TemplateGrid template,
        ParallelOptions parallel, IProgress<MosaicProgress>? progress = null)
    {
        var pairs = Overlaps.Find([.. projected.Select(p => p.Window)]);
        var results = new DifferenceFit[pairs.Count];
        var done = 0;
        Parallel.For(0, pairs.Count, parallel, k =>
        {
            var (a, b) = (pairs[k].Plus, pairs[k].Minus);
            results[k] = DifferenceFitter.Fit(a, b, projected[a], projected[b], template);
            progress?.Report(new MosaicProgress("fit", Interlocked.Increment(ref done), pairs.Count));
        });
        return results;
    }
}
