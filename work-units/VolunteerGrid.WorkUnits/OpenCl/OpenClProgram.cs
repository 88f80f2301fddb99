namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>A built program; hands out one kernel object per kernel name (use under the session's gate).</summary>
public sealed class OpenClProgram
{
    private readonly OpenClSession _session;
    private readonly nint _handle;
    private readonly Dictionary<string, OpenClKernel> _kernels = [];

    internal OpenClProgram(OpenClSession session, nint handle)
    {
        _session = session;
        _handle = handle;
    }

    public OpenClKernel Kernel(string name)
    {
        lock (_kernels)
        {
            if (!_kernels.TryGetValue(name, out var kernel))
            {
                kernel = new OpenClKernel(_session, _handle, name);
                _kernels[name] = kernel;
            }
            return kernel;
        }
    }
}
