using System.Collections.Concurrent;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// A context and in-order command queue on one device, with the programs built for it. One session per
/// device per process (<see cref="For"/>): contexts are expensive and drivers limit them. Kernel
/// objects carry their arguments, so whoever runs kernels holds <see cref="Gate"/> while doing so.
/// </summary>
public sealed unsafe class OpenClSession
{
    private static readonly ConcurrentDictionary<int, Lazy<OpenClSession>> Sessions = new();
    private readonly Dictionary<string, OpenClProgram> _programs = [];

    private OpenClSession(OpenClDevice device)
    {
        Device = device;
        var handle = device.Handle;
        int error;
        Context = ClNative.CreateContext(null, 1, &handle, 0, 0, &error);
        OpenClException.ThrowIfFailed(error, "clCreateContext");
        Queue = ClNative.CreateCommandQueue(Context, handle, 0, &error);
        OpenClException.ThrowIfFailed(error, "clCreateCommandQueue");
    }

    public OpenClDevice Device { get; }

    /// <summary>Held while setting arguments and running kernels of this session.</summary>
    public Lock Gate { get; } = new();

    internal nint Context { get; }

    internal nint Queue { get; }

    /// <summary>The process's session on <paramref name="device"/>, created on first use.</summary>
    public static OpenClSession For(OpenClDevice device) =>
        Sessions.GetOrAdd(device.Index, _ => new Lazy<OpenClSession>(() => new OpenClSession(device))).Value;

    /// <summary>The program for <paramref name="source"/>, built (or loaded from the binary cache) once.</summary>
    public OpenClProgram Program(string source, string options = "")
    {
        lock (Gate)
        {
            var key = options + "\n" + source;
            if (!_programs.TryGetValue(key, out var program))
            {
                program = new OpenClProgram(this, OpenClProgramCache.BuildOrLoad(this, source, options));
                _programs[key] = program;
            }
            return program;
        }
    }

    public OpenClBuffer<T> Buffer<T>(long length, bool readOnly = false) where T : unmanaged =>
        new(this, length, readOnly ? ClNative.MemReadOnly : ClNative.MemReadWrite);

    /// <summary>A buffer holding a copy of <paramref name="data"/>.</summary>
    public OpenClBuffer<T> Upload<T>(ReadOnlySpan<T> data, bool readOnly = true) where T : unmanaged
    {
        var buffer = Buffer<T>(data.Length, readOnly);
        try
        {
            buffer.Write(data);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Waits until every enqueued command has finished.</summary>
    public void Finish() => OpenClException.ThrowIfFailed(ClNative.Finish(Queue), "clFinish");
}
