using System.Runtime.InteropServices;

namespace VolunteerGrid.Agent.Doctor;

/// <summary>
/// Probes the OpenCL loader directly (<c>clGetPlatformIDs</c>, <c>clGetDeviceIDs</c>) until the
/// agent's OpenCL binding (work-units OpenCl/) lands; then this one class switches to it. Debian
/// ships only <c>libOpenCL.so.1</c> (no unversioned name), hence the explicit file name. No loader
/// and no installed platform (ICD, <c>CL_PLATFORM_NOT_FOUND_KHR</c> = -1001) are told apart
/// because their fixes differ.
/// </summary>
public sealed unsafe class NativeOpenClProbe(string? libraryName = null) : IOpenClProbe
{
    private const int PlatformNotFoundKhr = -1001;
    private const ulong DeviceTypeGpu = 1 << 2;
    private const ulong DeviceTypeAll = 0xFFFFFFFF;

    public string LibraryName { get; } = libraryName ?? DefaultLibraryName;

    public static string DefaultLibraryName =>
        OperatingSystem.IsWindows() ? "OpenCL.dll"
        : OperatingSystem.IsMacOS() ? "/System/Library/Frameworks/OpenCL.framework/OpenCL"
        : "libOpenCL.so.1";

    public OpenClReport Probe()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var library))
            return new OpenClReport(0, 0, 0, $"no OpenCL library: {LibraryName} could not be loaded. Install the OpenCL loader (Debian: ocl-icd-libopencl1) and your GPU vendor's OpenCL driver");
        try
        {
            if (!NativeLibrary.TryGetExport(library, "clGetPlatformIDs", out var getPlatforms) || !NativeLibrary.TryGetExport(library, "clGetDeviceIDs", out var getDevices))
                return new OpenClReport(0, 0, 0, $"{LibraryName} is not an OpenCL library (no clGetPlatformIDs/clGetDeviceIDs)");
            var platformIds = (delegate* unmanaged<uint, nint*, uint*, int>)getPlatforms;
            var deviceIds = (delegate* unmanaged<nint, ulong, uint, nint*, uint*, int>)getDevices;
            uint count;
            var error = platformIds(0, null, &count);
            if (error == PlatformNotFoundKhr || (error == 0 && count == 0))
                return new OpenClReport(0, 0, 0, $"the OpenCL loader ({LibraryName}) found no platform: install your GPU vendor's OpenCL driver (an ICD; to test on the CPU: pocl-opencl-icd)");
            if (error != 0)
                return new OpenClReport(0, 0, 0, $"clGetPlatformIDs failed with OpenCL error {error}: reinstall the OpenCL driver");
            var platforms = new nint[count];
            fixed (nint* p = platforms)
                error = platformIds(count, p, null);
            if (error != 0)
                return new OpenClReport(0, 0, 0, $"clGetPlatformIDs failed with OpenCL error {error}: reinstall the OpenCL driver");
            int devices = 0, gpus = 0;
            foreach (var platform in platforms)
            {
                devices += CountDevices(deviceIds, platform, DeviceTypeAll);
                gpus += CountDevices(deviceIds, platform, DeviceTypeGpu);
            }
            return devices == 0
                ? new OpenClReport(platforms.Length, 0, 0, $"{platforms.Length} OpenCL platform(s) but no device: check that the GPU driver is loaded")
                : new OpenClReport(platforms.Length, devices, gpus, null);
        }
        finally
        {
            NativeLibrary.Free(library);
        }
    }

    private static int CountDevices(delegate* unmanaged<nint, ulong, uint, nint*, uint*, int> deviceIds, nint platform, ulong type)
    {
        uint n;
        // CL_DEVICE_NOT_FOUND (-1) is the normal answer for "none of this type".
        return deviceIds(platform, type, 0, null, &n) == 0 ? (int)n : 0;
    }
}
