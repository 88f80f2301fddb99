using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.Tests.OpenCl;

/// <summary>
/// The OpenCL device the tests run on (PoCL's CPU device in CI). A machine without one fails the
/// tests with the packages to install: the OpenCL path is never silently skipped.
/// </summary>
internal static class PoclDevice
{
    /// <summary>Built program binaries are kept here between test runs (first PoCL build ≈ 1 s per program).</summary>
    public static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "vgrid-opencl-test-cache");

    static PoclDevice() => Environment.SetEnvironmentVariable("VGRID_OPENCL_CACHE", CacheDirectory);

    public static OpenClDevice Require()
    {
        var found = OpenClDiscovery.Discover();
        if (!found.Any)
        {
            Assert.Fail("the OpenCL tests need an OpenCL device with fp64; on Debian install pocl-opencl-icd and ocl-icd-libopencl1 " +
                $"(apt-get install pocl-opencl-icd ocl-icd-libopencl1). Discovery said: {found.Unavailable}");
        }
        return ComputeDeviceSelector.Select(ComputeDevice.OpenCl)!;
    }

    /// <summary>A request that must run on OpenCL (any failure is an error, not a fallback).</summary>
    public static DeviceRequest OpenClRequest()
    {
        Require();
        return new DeviceRequest(ComputeDevice.OpenCl);
    }
}
