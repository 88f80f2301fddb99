using System.Reflection;
using System.Runtime.InteropServices;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// Maps the <see cref="ClNative.Library"/> import to the platform's ICD loader. Debian's
/// ocl-icd-libopencl1 installs only the soname <c>libOpenCL.so.1</c> (the unversioned name comes with
/// the -dev package), so the default probing for "libOpenCL.so" fails on volunteers' machines.
/// <para>
/// <see cref="OverrideVariable"/> names a library file to load instead; set to a file that does not
/// exist it hides OpenCL from the process (the no-loader test, and a volunteer's escape hatch).
/// </para>
/// </summary>
internal static class ClLibraryResolver
{
    public const string OverrideVariable = "VGRID_OPENCL_LIBRARY";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver for this assembly once; later calls do nothing.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
                return;
            NativeLibrary.SetDllImportResolver(typeof(ClLibraryResolver).Assembly, Resolve);
            _registered = true;
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != ClNative.Library)
            return 0;
        var overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            // No fallback to the default names: the override must hide a loader that is installed.
            return NativeLibrary.TryLoad(overridePath, out var forced)
                ? forced
                : throw new DllNotFoundException($"OpenCL library '{overridePath}' (from {OverrideVariable}) could not be loaded");
        }
        foreach (var candidate in Candidates())
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                return handle;
        }
        return 0;
    }

    private static string[] Candidates()
    {
        if (OperatingSystem.IsWindows())
            return ["OpenCL.dll"];
        if (OperatingSystem.IsMacOS())
            return ["/System/Library/Frameworks/OpenCL.framework/OpenCL"];
        return ["libOpenCL.so.1", "libOpenCL.so"];
    }
}
