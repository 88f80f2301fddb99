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
        var rows = new CoaddRowKernel(tile, images, corrections, template, method);
        options ??= new ParallelOptions();
        var values = new float[tile.PixelCount];
        var area = new double[tile.PixelCount];
        var width = tile.Width;
        Parallel.For(0, tile.Height, options, rows.NewScratch, (k, _, scratch) =>
        {
            rows.Row(k, values.AsSpan(k * width, width), area.AsSpan(k * width, width), scratch);
            return scratch;
        }, _ => { });
        return new ProjectedImage(tile, values, area);
    }
}
