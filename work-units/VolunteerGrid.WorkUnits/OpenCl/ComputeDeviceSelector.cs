using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// Turns a requested <see cref="ComputeDevice"/> into the OpenCL device a kernel should use, or null
/// for the CPU kernels. Auto takes OpenCL when a usable accelerator (GPU) exists; an OpenCL driver for
/// the CPU itself (PoCL) is used only when asked for by name (OpenCl, or an index), because on the
/// CPU our own kernels are at least as fast (OpenCl/README.md, benchmark) and it is the same silicon.
/// OpenCL without a usable device is an <see cref="OpenClUnavailableException"/> naming why.
/// </summary>
public static class ComputeDeviceSelector
{
    /// <param name="requested">The caller's choice.</param>
    /// <param name="index">A specific device (the agent's <c>--gpu N</c>), or null for the best one.</param>
    /// <param name="needsFp64">Our kernels accumulate in double precision, as the CPU kernels do, so
    /// results agree within the comparers' tolerances; a device without fp64 is not usable.</param>
    public static OpenClDevice? Select(ComputeDevice requested, int? index = null, bool needsFp64 = true)
    {
        if (requested == ComputeDevice.Cpu)
            return null;
        var found = OpenClDiscovery.Discover();
        var usable = found.Devices.Where(d => d.Fp64 || !needsFp64).ToList();
        string? why = null;
        OpenClDevice? chosen = null;
        if (!found.Any)
            why = found.Unavailable ?? "no OpenCL device found";
        else if (index is { } i)
        {
            chosen = usable.FirstOrDefault(d => d.Index == i);
            if (chosen is null)
                why = found.Devices.FirstOrDefault(d => d.Index == i) is { } d
                    ? $"OpenCL device {i} ({d.Describe()}) has no double precision (cl_khr_fp64), which these kernels need"
                    : $"there is no OpenCL device {i}; devices are numbered 0 to {found.Devices.Count - 1}";
        }
        else if (requested == ComputeDevice.Auto)
        {
            chosen = usable.Where(d => !d.IsCpu).MinBy(d => d.Index);
        }
        else
        {
            chosen = usable.OrderBy(d => d.IsCpu).ThenBy(d => d.Index).FirstOrDefault();
            if (chosen is null)
                why = "no OpenCL device has double precision (cl_khr_fp64), which these kernels need";
        }
        if (chosen is not null)
            return chosen;
        return requested == ComputeDevice.OpenCl ? throw new OpenClUnavailableException($"--device opencl: {why}") : null;
    }
}
