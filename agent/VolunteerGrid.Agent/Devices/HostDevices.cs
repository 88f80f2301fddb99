using System.Diagnostics;
using System.Globalization;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Agent.Devices;

/// <summary>
/// The devices this host offers, detected once at start: the CPU and, unless <c>--gpu off</c>, the
/// OpenCL devices a child process found (<see cref="OpenClProbeVerb"/>). They are the host's
/// capabilities (device classes: vendor / device / driver), and the result report names the one
/// that ran each unit.
/// </summary>
internal sealed class HostDevices
{
    /// <summary>A driver that takes longer than this to list its devices is treated as absent.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    public HostDevices(DeviceInfo cpu, IReadOnlyList<ProbedGpu> gpus)
    {
        Cpu = cpu;
        Gpus = gpus;
    }

    public DeviceInfo Cpu { get; }

    public IReadOnlyList<ProbedGpu> Gpus { get; }

    public static HostDevices CpuOnly(long memoryMb) => new(DeviceProbe.Cpu(memoryMb), []);

    public IReadOnlyList<DeviceInfo> Capabilities => [Cpu, .. Gpus.Select(g => g.Info)];

    /// <summary>The OpenCL device GPU-capable units run on, or null for the CPU.</summary>
    public int? UnitGpu => Gpus.Count > 0 ? Gpus[0].Index : null;

    /// <summary>How the device that ran a unit is reported (the CPU when none or unknown).</summary>
    public DeviceInfo Used(int? gpuIndex) =>
        gpuIndex is { } i && Gpus.FirstOrDefault(g => g.Index == i) is { } gpu ? gpu.Info : Cpu;

    /// <summary>Detects the OpenCL devices in a child process; never throws: a failed probe means CPU only.</summary>
    public static async Task<HostDevices> DetectAsync(GpuSelection selection, long memoryMb, Action<string> log, CancellationToken ct)
    {
        var cpu = DeviceProbe.Cpu(memoryMb);
        if (!selection.Enabled)
            return new HostDevices(cpu, []);
        var (gpus, note) = await ProbeInChildAsync(ct);
        if (note is not null)
            log($"devices: {note}; units run on the CPU");
        if (selection.Index is { } wanted)
        {
            var chosen = gpus.Where(g => g.Index == wanted).ToList();
            if (chosen.Count == 0 && gpus.Count > 0)
                log($"devices: --gpu {wanted}: no such OpenCL device with double precision (found {string.Join(", ", gpus.Select(g => g.Index))}); units run on the CPU");
            gpus = chosen;
        }
        else
        {
            // auto: accelerators only. An OpenCL driver for the CPU (PoCL) runs on the cores the
            // CPU kernels already use, and more slowly (OpenCl/README.md): name it with --gpu N.
            var cpuDrivers = gpus.Where(g => g.Info.Kind == "opencl-cpu").ToList();
            gpus = [.. gpus.Where(g => g.Info.Kind != "opencl-cpu")];
            if (gpus.Count == 0 && cpuDrivers.Count > 0)
                log($"devices: only CPU OpenCL drivers found ({string.Join(", ", cpuDrivers.Select(g => $"{g.Index}: {g.Info.Name}"))}); units run on the CPU kernels (use --gpu N to run them there)");
        }
        foreach (var g in gpus)
            log($"devices: OpenCL {g.Index}: {g.Info.Vendor} / {g.Info.Name} / {g.Info.Driver}, {g.Info.MemoryMb} MB");
        return new HostDevices(cpu, gpus);
    }

    internal static async Task<(List<ProbedGpu> Gpus, string? Note)> ProbeInChildAsync(CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = ChildCommand.Create("-");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        // ChildCommand ends with "exec-unit JOB": the probe is the same executable with another verb.
        start.ArgumentList.RemoveAt(start.ArgumentList.Count - 1);
        start.ArgumentList[^1] = OpenClProbeVerb.Verb;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            return ([], $"could not start the device probe ({e.Message})");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                return ([], $"the OpenCL device probe did not finish within {ProbeTimeout.TotalSeconds:0} s (a hung driver?)");
            }
            var text = await stdout;
            await stderr;
            if (process.ExitCode != 0)
                return ([], $"the OpenCL device probe failed (exit code {process.ExitCode}; a crashing driver?)");
            return Parse(text);
        }
    }

    internal static (List<ProbedGpu> Gpus, string? Note) Parse(string text)
    {
        var gpus = new List<ProbedGpu>();
        string? note = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith(OpenClProbeVerb.UnavailableLine.TrimEnd('\t'), StringComparison.Ordinal))
            {
                note = line.Length > OpenClProbeVerb.UnavailableLine.Length ? line[OpenClProbeVerb.UnavailableLine.Length..] : "OpenCL is unavailable";
                continue;
            }
            var f = line.Split('\t');
            if (f.Length != 7 || f[0] != "device" || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var index) ||
                !long.TryParse(f[5], CultureInfo.InvariantCulture, out var memoryMb))
            {
                continue;
            }
            gpus.Add(new ProbedGpu(index, new DeviceInfo(f[6] == "cpu" ? "opencl-cpu" : "opencl-gpu", f[2], f[3], f[4], memoryMb, Fp64: true)));
        }
        return (gpus, gpus.Count == 0 ? note ?? "no OpenCL device with double precision" : null);
    }
}
