using System.Text;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// Lists the OpenCL devices of every platform. Never throws for a machine without OpenCL: no loader
/// (DllNotFoundException), no ICD (clGetPlatformIDs → CL_PLATFORM_NOT_FOUND_KHR, −1001) and a broken
/// driver all become an empty list with the reason, so every caller can fall back to the CPU.
/// </summary>
public static unsafe class OpenClDiscovery
{
    private static readonly Lock Gate = new();
    private static OpenClDiscoveryResult? _cached;

    /// <summary>Discovers once per process (drivers are slow to enumerate) and remembers the answer.</summary>
    public static OpenClDiscoveryResult Discover()
    {
        lock (Gate)
            return _cached ??= DiscoverNow();
    }

    private static OpenClDiscoveryResult DiscoverNow()
    {
        ClLibraryResolver.EnsureRegistered();
        try
        {
            return new OpenClDiscoveryResult(ListDevices(), null);
        }
        catch (DllNotFoundException e)
        {
            return new OpenClDiscoveryResult([], $"no OpenCL loader ({e.Message}); install an ICD loader such as ocl-icd-libopencl1 and a driver such as pocl-opencl-icd");
        }
        catch (EntryPointNotFoundException e)
        {
            return new OpenClDiscoveryResult([], $"the OpenCL loader lacks an OpenCL 1.2 entry point ({e.Message})");
        }
        catch (OpenClException e) when (e.ErrorCode == ClErrorNames.PlatformNotFoundKhr)
        {
            return new OpenClDiscoveryResult([], "no OpenCL platform installed (clGetPlatformIDs: CL_PLATFORM_NOT_FOUND_KHR); install a driver (ICD) such as pocl-opencl-icd or the GPU vendor's");
        }
        catch (OpenClException e)
        {
            return new OpenClDiscoveryResult([], e.Message);
        }
    }

    private static List<OpenClDevice> ListDevices()
    {
        uint platformCount;
        OpenClException.ThrowIfFailed(ClNative.GetPlatformIDs(0, null, &platformCount), "clGetPlatformIDs");
        var platforms = new nint[platformCount];
        fixed (nint* p = platforms)
            OpenClException.ThrowIfFailed(ClNative.GetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");
        var devices = new List<OpenClDevice>();
        foreach (var platform in platforms)
        {
            var platformName = PlatformString(platform, ClNative.PlatformName);
            uint deviceCount;
            var code = ClNative.GetDeviceIDs(platform, ClNative.DeviceTypeAll, 0, null, &deviceCount);
            if (code == -1) // CL_DEVICE_NOT_FOUND: a platform with no devices is not an error.
                continue;
            OpenClException.ThrowIfFailed(code, "clGetDeviceIDs");
            var handles = new nint[deviceCount];
            fixed (nint* d = handles)
                OpenClException.ThrowIfFailed(ClNative.GetDeviceIDs(platform, ClNative.DeviceTypeAll, deviceCount, d, null), "clGetDeviceIDs");
            foreach (var device in handles)
            {
                if (DeviceValue<uint>(device, ClNative.DeviceAvailable) == 0 || DeviceValue<uint>(device, ClNative.DeviceCompilerAvailable) == 0)
                    continue; // Cannot build our kernels from source there.
                devices.Add(new OpenClDevice(
                    devices.Count,
                    platformName,
                    DeviceString(device, ClNative.DeviceVendor),
                    DeviceString(device, ClNative.DeviceName),
                    DeviceString(device, ClNative.DriverVersion),
                    (long)DeviceValue<ulong>(device, ClNative.DeviceGlobalMemSize),
                    (int)DeviceValue<uint>(device, ClNative.DeviceMaxComputeUnits),
                    Fp64: DeviceValue<ulong>(device, ClNative.DeviceDoubleFpConfig) != 0,
                    IsCpu: (DeviceValue<ulong>(device, ClNative.DeviceType) & 2) != 0) // CL_DEVICE_TYPE_CPU
                {
                    PlatformHandle = platform,
                    Handle = device,
                });
            }
        }
        return devices;
    }

    private static string PlatformString(nint platform, uint name)
    {
        nuint size;
        OpenClException.ThrowIfFailed(ClNative.GetPlatformInfo(platform, name, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
            OpenClException.ThrowIfFailed(ClNative.GetPlatformInfo(platform, name, size, b, null), "clGetPlatformInfo");
        return Decode(bytes);
    }

    internal static string DeviceString(nint device, uint name)
    {
        nuint size;
        OpenClException.ThrowIfFailed(ClNative.GetDeviceInfo(device, name, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
            OpenClException.ThrowIfFailed(ClNative.GetDeviceInfo(device, name, size, b, null), "clGetDeviceInfo");
        return Decode(bytes);
    }

    private static T DeviceValue<T>(nint device, uint name) where T : unmanaged
    {
        T value = default;
        var code = ClNative.GetDeviceInfo(device, name, (nuint)sizeof(T), &value, null);
        // CL_DEVICE_DOUBLE_FP_CONFIG is CL_INVALID_VALUE on 1.1 devices without fp64: treat as 0.
        if (code == -30)
            return default;
        OpenClException.ThrowIfFailed(code, "clGetDeviceInfo");
        return value;
    }

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
}
