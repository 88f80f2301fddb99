using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// A mosaic up to the co-add: the reprojected images (in index order) with their names, the images
/// skipped (no overlap), and with background matching the fits and the per-image corrections. Co-add
/// it in memory (<see cref="MosaicPipeline.Run"/>) or straight into files (<see cref="MosaicFileWriter"/>).
/// </summary>
public sealed record PreparedMosaic(
    IReadOnlyList<ProjectedImage> Images,
    IReadOnlyList<string> Used,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<DifferenceFit> Fits,
    IReadOnlyList<BackgroundPlane>? Corrections);
