using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// One kernel run's device choice and what became of it. <see cref="Run{T}"/> tries the OpenCL path
/// and reports null when the CPU kernel must run instead; <see cref="Used"/> then says which device
/// did the work (null: the CPU), for the agent's result report and the CLI's log.
/// With <see cref="ComputeDevice.Auto"/> any OpenCL failure (no loader, no ICD, a driver error) falls
/// back to the CPU with a logged note; with <see cref="ComputeDevice.OpenCl"/> it is an error.
/// </summary>
public sealed class DeviceRequest(ComputeDevice requested, int? index = null, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    public static DeviceRequest CpuOnly { get; } = new(ComputeDevice.Cpu);

    public ComputeDevice Requested { get; } = requested;

    public int? Index { get; } = index;

    /// <summary>The OpenCL device that ran the last kernel, or null when the CPU did.</summary>
    public OpenClDevice? Used { get; private set; }

    /// <summary>The request a unit's context carries (the agent's <c>--gpu</c>, the CLI's <c>--device</c>).</summary>
    public static DeviceRequest From(UnitExecutionContext context) => new(context.Device, context.OpenClDeviceIndex, context.Log);

    /// <summary>
    /// Runs <paramref name="onDevice"/> on the selected device; null means "run the CPU kernel"
    /// (CPU requested, no usable device on auto, the path does not apply, or OpenCL failed on auto).
    /// </summary>
    public T? Run<T>(Func<OpenClSession, T?> onDevice, string what) where T : class
    {
        Used = null;
        var device = ComputeDeviceSelector.Select(Requested, Index);
        if (device is null)
            return null;
        try
        {
            var result = onDevice(OpenClSession.For(device));
            if (result is null)
                _log($"{what}: the OpenCL path does not apply to this input; running on the CPU");
            else
                Used = device;
            return result;
        }
        catch (Exception e) when (Requested != ComputeDevice.OpenCl && IsOpenClFailure(e))
        {
            _log($"{what}: OpenCL failed on {device.Describe()} ({e.Message}); running on the CPU");
            return null;
        }
    }

    /// <summary>Notes that this step has no OpenCL kernel; with OpenCL required, still checks that a device exists.</summary>
    public T? Cpu<T>(string why) where T : class
    {
        Used = null;
        if (Requested == ComputeDevice.OpenCl)
        {
            ComputeDeviceSelector.Select(Requested, Index);
            _log($"{why}; running on the CPU");
        }
        return null;
    }

    /// <summary>Errors that mean "this device cannot do it", as opposed to bad input.</summary>
    public static bool IsOpenClFailure(Exception e) =>
        e is OpenClException or DllNotFoundException or EntryPointNotFoundException or OpenClUnavailableException;
}
