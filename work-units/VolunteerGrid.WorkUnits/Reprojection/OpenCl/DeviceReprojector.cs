using VolunteerGrid.Shared.Wcs;
using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.WorkUnits.Reprojection.OpenCl;

/// <summary>
/// The dispatch seam for reprojection: runs the fast method on OpenCL when the device choice allows,
/// and the CPU <see cref="Reprojector"/> otherwise — for the exact method, where the device path does
/// not apply, and after any OpenCL failure on <see cref="ComputeDevice.Auto"/> (logged, never fatal).
/// </summary>
public static class DeviceReprojector
{
    public static ProjectedImage ReprojectToFootprint(
        float[] pixels, int width, int height, CelestialWcs input, TemplateGrid template, ReprojectionMethod method,
        DeviceRequest device, ParallelOptions? options = null, string source = "input image")
    {
        options ??= new ParallelOptions();
        var window = Footprint.Of(input, width, height, template);
        if (window.IsEmpty)
            throw new NoOverlapException(source);
        var fast = Reprojector.ResolveMethod(method, input, width, height, template) == ReprojectionMethod.Fast;
        var projected = fast
            ? device.Run(session => OpenClFastReprojector.TryReproject(session, pixels, width, height, input, template, window, options), "fast reprojection")
            : device.Cpu<ProjectedImage>("the exact method has no OpenCL kernel");
        return projected ?? Reprojector.Reproject(pixels, width, height, input, template, window, method, options);
    }
}
