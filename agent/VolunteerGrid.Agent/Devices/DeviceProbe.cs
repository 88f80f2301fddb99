using System.Runtime.InteropServices;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Agent.Devices;

/// <summary>
/// The CPU as a device: its vendor and model (from /proc/cpuinfo on Linux) and the .NET runtime as
/// its "driver", since a runtime change can change floating-point results and homogeneous redundancy
/// groups hosts by device class. OpenCL devices come from <see cref="HostDevices"/>.
/// </summary>
internal static class DeviceProbe
{
    public static DeviceInfo Cpu(long memoryMb)
    {
        var (vendor, model) = ReadCpuInfo();
        return new DeviceInfo("cpu", vendor, model, RuntimeInformation.FrameworkDescription, memoryMb, Fp64: true);
    }

    private static (string Vendor, string Model) ReadCpuInfo()
    {
        var vendor = RuntimeInformation.ProcessArchitecture.ToString();
        var model = RuntimeInformation.OSDescription;
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
            return (vendor, model);
        foreach (var line in File.ReadLines(cpuInfo))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key is "vendor_id" or "CPU implementer")
                vendor = value;
            else if (key is "model name" or "Model")
                model = value;
            if (line.Length == 0)
                break;
        }
        return (vendor, model);
    }
}
