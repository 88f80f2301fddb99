using System.Runtime.InteropServices;

namespace VolunteerGrid.WorkUnits.OpenCl;

/// <summary>
/// The OpenCL 1.2 entry points we use (Khronos OpenCL 1.2 specification, chapter 4–5), bound with
/// source-generated P/Invoke. "OpenCL" is resolved by <see cref="ClLibraryResolver"/>: Debian ships
/// only the soname <c>libOpenCL.so.1</c>, Windows <c>OpenCL.dll</c>, macOS the OpenCL framework.
/// 1.2 calls only (clCreateCommandQueue, not ...WithProperties): Apple and older NVIDIA drivers stop there.
/// </summary>
internal static unsafe partial class ClNative
{
    public const string Library = "OpenCL";

    public const int Success = 0;
    public const ulong DeviceTypeAll = 0xFFFFFFFF;
    public const uint True = 1;

    // cl_platform_info
    public const uint PlatformVendor = 0x0903;
    public const uint PlatformName = 0x0902;

    // cl_device_info
    public const uint DeviceType = 0x1000;
    public const uint DeviceGlobalMemSize = 0x101F;
    public const uint DeviceDoubleFpConfig = 0x1032;
    public const uint DeviceAvailable = 0x1027;
    public const uint DeviceCompilerAvailable = 0x1028;
    public const uint DeviceMaxComputeUnits = 0x1002;
    public const uint DeviceName = 0x102B;
    public const uint DeviceVendor = 0x102C;
    public const uint DriverVersion = 0x102D;

    // cl_program_info / cl_program_build_info
    public const uint ProgramBinarySizes = 0x1165;
    public const uint ProgramBinaries = 0x1166;
    public const uint ProgramBuildLog = 0x1183;

    // cl_mem_flags
    public const ulong MemReadWrite = 1 << 0;
    public const ulong MemReadOnly = 1 << 2;
    public const ulong MemWriteOnly = 1 << 1;

    [LibraryImport(Library, EntryPoint = "clGetPlatformIDs")]
    public static partial int GetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library, EntryPoint = "clGetPlatformInfo")]
    public static partial int GetPlatformInfo(nint platform, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clGetDeviceIDs")]
    public static partial int GetDeviceIDs(nint platform, ulong type, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library, EntryPoint = "clGetDeviceInfo")]
    public static partial int GetDeviceInfo(nint device, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clCreateContext")]
    public static partial nint CreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* error);

    [LibraryImport(Library, EntryPoint = "clReleaseContext")]
    public static partial int ReleaseContext(nint context);

    [LibraryImport(Library, EntryPoint = "clCreateCommandQueue")]
    public static partial nint CreateCommandQueue(nint context, nint device, ulong properties, int* error);

    [LibraryImport(Library, EntryPoint = "clReleaseCommandQueue")]
    public static partial int ReleaseCommandQueue(nint queue);

    [LibraryImport(Library, EntryPoint = "clCreateProgramWithSource")]
    public static partial nint CreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* error);

    [LibraryImport(Library, EntryPoint = "clCreateProgramWithBinary")]
    public static partial nint CreateProgramWithBinary(nint context, uint numDevices, nint* devices, nuint* lengths, byte** binaries, int* binaryStatus, int* error);

    [LibraryImport(Library, EntryPoint = "clBuildProgram")]
    public static partial int BuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);

    [LibraryImport(Library, EntryPoint = "clGetProgramBuildInfo")]
    public static partial int GetProgramBuildInfo(nint program, nint device, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clGetProgramInfo")]
    public static partial int GetProgramInfo(nint program, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clReleaseProgram")]
    public static partial int ReleaseProgram(nint program);

    [LibraryImport(Library, EntryPoint = "clCreateKernel")]
    public static partial nint CreateKernel(nint program, byte* name, int* error);

    [LibraryImport(Library, EntryPoint = "clReleaseKernel")]
    public static partial int ReleaseKernel(nint kernel);

    [LibraryImport(Library, EntryPoint = "clSetKernelArg")]
    public static partial int SetKernelArg(nint kernel, uint index, nuint size, void* value);

    [LibraryImport(Library, EntryPoint = "clCreateBuffer")]
    public static partial nint CreateBuffer(nint context, ulong flags, nuint size, void* hostPtr, int* error);

    [LibraryImport(Library, EntryPoint = "clReleaseMemObject")]
    public static partial int ReleaseMemObject(nint memory);

    [LibraryImport(Library, EntryPoint = "clEnqueueWriteBuffer")]
    public static partial int EnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* source, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(Library, EntryPoint = "clEnqueueReadBuffer")]
    public static partial int EnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* target, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(Library, EntryPoint = "clEnqueueNDRangeKernel")]
    public static partial int EnqueueNDRangeKernel(nint queue, nint kernel, uint dimensions, nuint* globalOffset, nuint* globalSize, nuint* localSize, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(Library, EntryPoint = "clFinish")]
    public static partial int Finish(nint queue);
}
