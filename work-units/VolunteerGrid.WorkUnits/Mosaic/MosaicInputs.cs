using System.Runtime.ExceptionServices;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Shared.Wcs;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// Which input images take part and in which order, decided the same way by the whole run and the
/// slicer: FITS files ordered by name (ordinal), keeping those whose footprint overlaps the template.
/// Only headers are read.
/// </summary>
public static class MosaicInputs
{
    public static bool IsFitsName(string name) =>
        name.EndsWith(".fits", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fit", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".fts", StringComparison.OrdinalIgnoreCase);

    /// <summary>Footprint windows by name, in name order; images that miss the template go to <paramref name="skipped"/>.</summary>
    public static IReadOnlyList<(string Name, string Path, PixelWindow Window)> Select(
        IEnumerable<(string Name, string Path)> images, TemplateGrid template, List<string> skipped, ParallelOptions? parallel = null)
    {
        var ordered = images.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        // Headers are read in parallel (a mosaic's select stage is mostly waiting on file opens), and
        // the first bad file in name order is reported, as a sequential scan would.
        var windows = new PixelWindow[ordered.Count];
        var errors = new ExceptionDispatchInfo?[ordered.Count];
        Parallel.For(0, ordered.Count, parallel ?? new ParallelOptions(), k =>
        {
            try
            {
                windows[k] = FootprintOf(ordered[k].Path, template);
            }
            catch (Exception e)
            {
                errors[k] = ExceptionDispatchInfo.Capture(e);
            }
        });
        var used = new List<(string, string, PixelWindow)>();
        for (var k = 0; k < ordered.Count; k++)
        {
            errors[k]?.Throw();
            var (name, path) = ordered[k];
            if (windows[k].IsEmpty)
                skipped.Add(name);
            else
                used.Add((name, path, windows[k]));
        }
        return used;
    }

    /// <summary>The template window an image file covers, from its header alone.</summary>
    public static PixelWindow FootprintOf(string path, TemplateGrid template)
    {
        using var file = FitsFile.Open(path);
        var index = file.FirstImageIndex;
        if (index < 0)
            throw new InvalidDataException($"{path}: no image HDU with pixels");
        var h = file[index];
        if (!CelestialWcs.TryCreate(h.Header, out var wcs, out var error, path))
            throw new WcsException($"{path}: HDU {index}: {error}");
        return Footprint.Of(wcs, (int)h.Axes[0], (int)h.Axes[1], template);
    }
}
