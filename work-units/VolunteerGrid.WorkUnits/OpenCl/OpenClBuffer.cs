namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>A device buffer of <typeparamref name="T"/> elements; blocking reads and writes.</summary>
public sealed unsafe class OpenClBuffer<T> : IDisposable where T : unmanaged
{
    private readonly OpenClSession _session;
    private nint _handle;

    internal OpenClBuffer(OpenClSession session, long length, ulong flags)
    {
        _session = session;
        Length = Math.Max(1, length); // zero-sized buffers are CL_INVALID_BUFFER_SIZE
        int error;
        _handle = ClNative.CreateBuffer(session.Context, flags, (nuint)(Length * sizeof(T)), null, &error);
        OpenClException.ThrowIfFailed(error, "clCreateBuffer");
    }

    public long Length { get; }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(OpenClBuffer<T>));

    public void Write(ReadOnlySpan<T> source, long offset = 0)
    {
        if (source.IsEmpty)
            return;
        Check(offset, source.Length);
        fixed (T* s = source)
        {
            OpenClException.ThrowIfFailed(
                ClNative.EnqueueWriteBuffer(_session.Queue, Handle, ClNative.True, (nuint)(offset * sizeof(T)), (nuint)(source.Length * sizeof(T)), s, 0, null, null),
                "clEnqueueWriteBuffer");
        }
    }

    public void Read(Span<T> target, long offset = 0)
    {
        if (target.IsEmpty)
            return;
        Check(offset, target.Length);
        fixed (T* t = target)
        {
            OpenClException.ThrowIfFailed(
                ClNative.EnqueueReadBuffer(_session.Queue, Handle, ClNative.True, (nuint)(offset * sizeof(T)), (nuint)(target.Length * sizeof(T)), t, 0, null, null),
                "clEnqueueReadBuffer");
        }
    }

    private void Check(long offset, int count)
    {
        if (offset < 0 || offset + count > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset + count}) is outside a buffer of {Length}");
    }

    public void Dispose()
    {
        if (_handle == 0)
            return;
        ClNative.ReleaseMemObject(_handle);
        _handle = 0;
    }
}
