namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// A kernel of a built program. Arguments are set by index, then <see cref="Run1D"/> or
/// <see cref="Run2D"/> enqueues it; a kernel object is not thread-safe (OpenCL 1.2 §5.9), so callers
/// hold the session's lock from the first SetArg to the run.
/// </summary>
public sealed unsafe class OpenClKernel : IDisposable
{
    private readonly OpenClSession _session;
    private nint _handle;

    internal OpenClKernel(OpenClSession session, nint program, string name)
    {
        _session = session;
        Name = name;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        int error;
        fixed (byte* n = bytes)
            _handle = ClNative.CreateKernel(program, n, &error);
        if (error != ClNative.Success)
            throw new OpenClException("clCreateKernel", error, name);
    }

    public string Name { get; }

    public OpenClKernel Arg<T>(uint index, OpenClBuffer<T> buffer) where T : unmanaged
    {
        var handle = buffer.Handle;
        Check(ClNative.SetKernelArg(_handle, index, (nuint)sizeof(nint), &handle), index);
        return this;
    }

    public OpenClKernel Arg(uint index, int value)
    {
        Check(ClNative.SetKernelArg(_handle, index, sizeof(int), &value), index);
        return this;
    }

    public OpenClKernel Arg(uint index, double value)
    {
        Check(ClNative.SetKernelArg(_handle, index, sizeof(double), &value), index);
        return this;
    }

    public OpenClKernel Arg(uint index, float value)
    {
        Check(ClNative.SetKernelArg(_handle, index, sizeof(float), &value), index);
        return this;
    }

    /// <summary>Enqueues over <paramref name="count"/> work items (the driver picks the group size).</summary>
    public void Run1D(long count)
    {
        if (count <= 0)
            return;
        var global = (nuint)count;
        OpenClException.ThrowIfFailed(ClNative.EnqueueNDRangeKernel(_session.Queue, _handle, 1, null, &global, null, 0, null, null), "clEnqueueNDRangeKernel(" + Name + ")");
    }

    /// <summary>Enqueues over a <paramref name="width"/>×<paramref name="height"/> grid (x fastest).</summary>
    public void Run2D(long width, long height)
    {
        if (width <= 0 || height <= 0)
            return;
        var global = stackalloc nuint[2] { (nuint)width, (nuint)height };
        OpenClException.ThrowIfFailed(ClNative.EnqueueNDRangeKernel(_session.Queue, _handle, 2, null, global, null, 0, null, null), "clEnqueueNDRangeKernel(" + Name + ")");
    }

    private void Check(int code, uint index)
    {
        if (code != ClNative.Success)
            throw new OpenClException("clSetKernelArg", code, $"{Name} argument {index}");
    }

    public void Dispose()
    {
        if (_handle == 0)
            return;
        ClNative.ReleaseKernel(_handle);
        _handle = 0;
    }
}
