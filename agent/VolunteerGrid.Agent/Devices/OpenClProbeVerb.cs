using System.Globalization;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.Agent.Devices;

/// <summary>
/// The child side of device detection (hidden verb <c>probe-devices</c>): loads OpenCL, lists the
/// devices usable for our kernels (double precision), one tab-separated line each, and exits. It runs
/// in its own process because a broken driver may crash or hang inside clGetPlatformIDs.
/// </summary>
internal static class OpenClProbeVerb
{
    public const string Verb = "probe-devices";
    public const string DeviceLine = "device\t";
    public const string UnavailableLine = "unavailable\t";

    public static int Run(TextWriter stdout)
    {
        var found = OpenClDiscovery.Discover();
        if (!found.Any)
            stdout.WriteLine(UnavailableLine + found.Unavailable?.ReplaceLineEndings(" "));
        foreach (var d in found.Devices.Where(d => d.Fp64))
        {
            stdout.WriteLine(string.Join('\t', "device", d.Index.ToString(CultureInfo.InvariantCulture), Clean(d.Vendor), Clean(d.Name),
                Clean(d.DriverVersion), (d.GlobalMemoryBytes >> 20).ToString(CultureInfo.InvariantCulture), d.IsCpu ? "cpu" : "gpu"));
        }
        stdout.Flush();
        return 0;
    }

    private static string Clean(string s) => s.Replace('\t', ' ').ReplaceLineEndings(" ");
}
