using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.Tests.OpenCl;

public sealed class OpenClBindingTests
{
    [Fact]
    public void Discover_OnPocl_ReportsPlatformVendorDriverMemoryAndFp64()
    {
        var device = PoclDevice.Require();

        Assert.False(string.IsNullOrWhiteSpace(device.Platform));
        Assert.False(string.IsNullOrWhiteSpace(device.Vendor));
        Assert.False(string.IsNullOrWhiteSpace(device.DriverVersion));
        Assert.True(device.GlobalMemoryBytes > 0);
        Assert.True(device.Fp64);
    }

    [Fact]
    public void Program_BadSource_ThrowsNamingCallErrorAndCompilerMessage()
    {
        var session = OpenClSession.For(PoclDevice.Require());

        var e = Assert.Throws<OpenClException>(() => session.Program("__kernel void broken(__global float* x) { x[0] = undeclared_name; }"));

        Assert.Equal("clBuildProgram", e.Call);
        Assert.Equal("CL_BUILD_PROGRAM_FAILURE", e.ErrorName);
        Assert.StartsWith("clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE (-11)", e.Message, StringComparison.Ordinal);
        Assert.Contains("undeclared_name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_Built_BinaryCachedByDeviceAndSourceAndReloaded()
    {
        var session = OpenClSession.For(PoclDevice.Require());
        // A source no other test uses, so this test sees the first build.
        var source = $"__kernel void twice(__global double* x) {{ int i = get_global_id(0); x[i] = 2 * x[i]; }} // {Guid.NewGuid()}";
        var path = Path.Combine(OpenClProgramCache.CacheDirectory, OpenClProgramCache.KeyOf(session.Device, source, "") + ".bin");

        RunTwice(session.Program(source));
        Assert.True(File.Exists(path), $"no cached binary at {path}");
        var reloaded = OpenClProgramCache.BuildOrLoad(session, source, "");

        Assert.NotEqual(0, reloaded);
        Assert.NotEqual(OpenClProgramCache.KeyOf(session.Device, source, ""), OpenClProgramCache.KeyOf(session.Device with { DriverVersion = "other" }, source, ""));
    }

    private static void RunTwice(OpenClProgram program)
    {
        var session = OpenClSession.For(PoclDevice.Require());
        using var buffer = session.Upload<double>([1.5, -2, 3], readOnly: false);
        var result = new double[3];
        lock (session.Gate)
        {
            program.Kernel("twice").Arg(0, buffer).Run1D(3);
            buffer.Read(result);
        }
        Assert.Equal([3.0, -4.0, 6.0], result);
    }

    [Theory]
    [InlineData(-1001, "CL_PLATFORM_NOT_FOUND_KHR")]
    [InlineData(-5, "CL_OUT_OF_RESOURCES")]
    [InlineData(-54, "CL_INVALID_WORK_GROUP_SIZE")]
    [InlineData(-9999, "CL error -9999")]
    public void OpenClException_Code_NamedInMessage(int code, string name)
    {
        var e = new OpenClException("clEnqueueNDRangeKernel", code);

        Assert.Equal($"clEnqueueNDRangeKernel failed: {name} ({code})", e.Message);
    }

    [Fact]
    public void Select_CpuRequested_NeverTouchesOpenCl()
    {
        Assert.Null(ComputeDeviceSelector.Select(ComputeDevice.Cpu));
    }

    [Fact]
    public void Select_MissingDeviceNumber_OpenClRequiredSaysWhichExist()
    {
        PoclDevice.Require();

        var e = Assert.Throws<OpenClUnavailableException>(() => ComputeDeviceSelector.Select(ComputeDevice.OpenCl, index: 99));

        Assert.Contains("there is no OpenCL device 99", e.Message, StringComparison.Ordinal);
        Assert.Null(ComputeDeviceSelector.Select(ComputeDevice.Auto, index: 99));
    }

    [Fact]
    public void Select_OnlyPoclOnTheCpu_AutoKeepsTheCpuKernelsButOpenClRequestedTakesIt()
    {
        PoclDevice.Require();
        Assert.True(OpenClDiscovery.Discover().Devices.All(d => d.IsCpu), "this test expects PoCL's CPU device as the only OpenCL device (as here and in CI)");

        Assert.Null(ComputeDeviceSelector.Select(ComputeDevice.Auto));
        Assert.True(ComputeDeviceSelector.Select(ComputeDevice.OpenCl)!.IsCpu);
    }
}
