using System.Security.Cryptography;
using System.Text;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// Builds programs from source, keeping each device's binary on disk so later processes skip the
/// compiler (PoCL takes ~1 s per program, GPU drivers more; every agent unit is a new process).
/// The key hashes the source, the build options and the device class (platform, vendor, device,
/// driver version): a driver update invalidates the binaries it cannot load. A cached binary that
/// fails to load or build is rebuilt from source and overwritten.
/// </summary>
internal static unsafe class OpenClProgramCache
{
    /// <summary>Overrides the cache folder (tests point it at a temporary folder).</summary>
    public const string DirectoryVariable = "VGRID_OPENCL_CACHE";

    public static string CacheDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
            return !string.IsNullOrEmpty(configured)
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "volunteergrid", "opencl");
        }
    }

    public static string KeyOf(OpenClDevice device, string source, string options)
    {
        var text = string.Join('\n', device.Platform, device.Vendor, device.Name, device.DriverVersion, options, source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static nint BuildOrLoad(OpenClSession session, string source, string options)
    {
        var path = Path.Combine(CacheDirectory, KeyOf(session.Device, source, options) + ".bin");
        if (TryReadBinary(path) is { } binary && TryFromBinary(session, binary, options) is { } cached)
            return cached;
        var program = FromSource(session, source, options);
        TryWriteBinary(path, program);
        return program;
    }

    private static byte[]? TryReadBinary(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null; // an unreadable cache entry only costs a rebuild
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static nint? TryFromBinary(OpenClSession session, byte[] binary, string options)
    {
        var device = session.Device.Handle;
        var length = (nuint)binary.Length;
        int status, error;
        nint program;
        fixed (byte* b = binary)
        {
            var pointer = b;
            program = ClNative.CreateProgramWithBinary(session.Context, 1, &device, &length, &pointer, &status, &error);
        }
        if (error != ClNative.Success || status != ClNative.Success)
        {
            if (program != 0)
                ClNative.ReleaseProgram(program);
            return null;
        }
        if (Build(program, device, options) != ClNative.Success)
        {
            ClNative.ReleaseProgram(program);
            return null;
        }
        return program;
    }

    private static nint FromSource(OpenClSession session, string source, string options)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        var length = (nuint)bytes.Length;
        int error;
        nint program;
        fixed (byte* s = bytes)
        {
            var pointer = s;
            program = ClNative.CreateProgramWithSource(session.Context, 1, &pointer, &length, &error);
        }
        OpenClException.ThrowIfFailed(error, "clCreateProgramWithSource");
        var device = session.Device.Handle;
        var code = Build(program, device, options);
        if (code != ClNative.Success)
        {
            var log = BuildLog(program, device);
            ClNative.ReleaseProgram(program);
            throw new OpenClException("clBuildProgram", code, $"on {session.Device.Describe()}: {log}");
        }
        return program;
    }

    private static int Build(nint program, nint device, string options)
    {
        var bytes = Encoding.ASCII.GetBytes(options + "\0");
        fixed (byte* o = bytes)
            return ClNative.BuildProgram(program, 1, &device, o, 0, 0);
    }

    private static string BuildLog(nint program, nint device)
    {
        nuint size;
        if (ClNative.GetProgramBuildInfo(program, device, ClNative.ProgramBuildLog, 0, null, &size) != ClNative.Success)
            return "(no build log)";
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
            ClNative.GetProgramBuildInfo(program, device, ClNative.ProgramBuildLog, size, b, null);
        var log = Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
        return log.Length > 2000 ? log[..2000] + " …" : log;
    }

    private static void TryWriteBinary(string path, nint program)
    {
        nuint size;
        if (ClNative.GetProgramInfo(program, ClNative.ProgramBinarySizes, (nuint)sizeof(nuint), &size, null) != ClNative.Success || size == 0)
            return;
        var binary = new byte[(int)size];
        fixed (byte* b = binary)
        {
            var pointer = b;
            if (ClNative.GetProgramInfo(program, ClNative.ProgramBinaries, (nuint)sizeof(nint), &pointer, null) != ClNative.Success)
                return;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Write then rename: a concurrent process never reads a half-written binary.
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, binary);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            // A read-only or full disk only means the next process compiles again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
