using VolunteerGrid.Shared.Wcs;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.WorkUnits.Reprojection.OpenCl;

/// <summary>
/// <see cref="Reprojector"/>'s fast (plane-to-plane) method on an OpenCL device. The corner grid is
/// computed on the CPU exactly as the CPU path does (it is a small part of the work and shares the WCS
/// code); the overlap sums, the bulk of the time, run on the device. Returns null where the device
/// path does not apply (see <see cref="CandidateMap"/>), and the caller runs the CPU kernel.
/// </summary>
internal static class OpenClFastReprojector
{
    private const double DegToRad = Math.PI / 180.0;

    public static ProjectedImage? TryReproject(
        OpenClSession session, float[] pixels, int width, int height, CelestialWcs input, TemplateGrid template, PixelWindow window, ParallelOptions options)
    {
        if (window.IsEmpty)
            return new ProjectedImage(window, [], []);
        var grid = CornerGrid.Build(new PixelMapper(input, template.Wcs), width, height, window, withVectors: false, options);
        var map = CandidateMap.TryFit(grid);
        if (map is null)
            return null;
        var d = template.Wcs.Definition;
        var scale = Math.Abs((d.Cd11 * d.Cd22) - (d.Cd12 * d.Cd21)) * DegToRad * DegToRad;
        var count = window.PixelCount;
        var values = new float[count];
        var area = new double[count];
        var program = session.Program(FastOverlapSource.Text);
        using var u = session.Upload<double>(grid.U);
        using var v = session.Upload<double>(grid.V);
        using var source = session.Upload<float>(pixels);
        using var g = session.Upload<double>(map.Coefficients);
        using var outValues = session.Buffer<float>(count);
        using var outArea = session.Buffer<double>(count);
        lock (session.Gate)
        {
            program.Kernel(FastOverlapSource.Kernel)
                .Arg(0, u).Arg(1, v).Arg(2, source)
                .Arg(3, width).Arg(4, height).Arg(5, window.Width).Arg(6, window.Height)
                .Arg(7, g).Arg(8, map.Margin).Arg(9, scale)
                .Arg(10, outValues).Arg(11, outArea)
                .Run2D(window.Width, window.Height);
            outValues.Read(values);
            outArea.Read(area);
        }
        return new ProjectedImage(window, values, area);
    }
}
