using VolunteerGrid.Agent.Devices;

namespace VolunteerGrid.Tests.OpenCl;

public sealed class AgentDeviceTests
{
    [Theory]
    [InlineData("auto", true, null)]
    [InlineData("off", false, null)]
    [InlineData("1", true, 1)]
    [InlineData(" AUTO ", true, null)]
    public void GpuSelection_ValidText_Parses(string text, bool enabled, int? index)
    {
        Assert.Equal(new GpuSelection(enabled, index), GpuSelection.Parse(text));
    }

    [Theory]
    [InlineData("-1")]  // negative device numbers do not exist
    [InlineData("gpu")] // not a mode
    [InlineData("")]
    public void GpuSelection_BadText_NamesTheOptionAndChoices(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => GpuSelection.Parse(text));
        Assert.Contains("--gpu", e.Message, StringComparison.Ordinal);
        Assert.Contains("auto, off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProbeOutputWithGarbage_KeepsWellFormedDevices()
    {
        var (gpus, note) = HostDevices.Parse("device\t0\tNVIDIA Corporation\tNVIDIA H100\t550.54\t81000\tgpu\nsegfault in libfoo\ndevice\tx\tbad\n");

        var gpu = Assert.Single(gpus);
        Assert.Null(note);
        Assert.Equal(0, gpu.Index);
        Assert.Equal(("opencl-gpu", "NVIDIA Corporation", "NVIDIA H100", "550.54", 81000L), (gpu.Info.Kind, gpu.Info.Vendor, gpu.Info.Name, gpu.Info.Driver, gpu.Info.MemoryMb));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ProbeInChild_OnPocl_ReportsVendorDeviceAndDriver()
    {
        var device = PoclDevice.Require();

        var (gpus, note) = await HostDevices.ProbeInChildAsync(CancellationToken.None);

        Assert.True(gpus.Count > 0, note);
        var probed = gpus.Single(g => g.Index == device.Index);
        Assert.Equal((device.Vendor, device.Name, device.DriverVersion), (probed.Info.Vendor, probed.Info.Name, probed.Info.Driver));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ProbeInChild_NoIcd_NoDevicesAndSaysWhy()
    {
        var empty = Directory.CreateTempSubdirectory("vgrid-no-icd-");
        try
        {
            var (gpus, note) = await HostDevices.ProbeInChildAsync(CancellationToken.None, new Dictionary<string, string> { ["OCL_ICD_VENDORS"] = empty.FullName });

            Assert.Empty(gpus);
            Assert.Contains("CL_PLATFORM_NOT_FOUND_KHR", note, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task DetectAsync_GpuOff_CpuOnlyWithoutProbing()
    {
        var notes = new List<string>();

        var devices = await HostDevices.DetectAsync(GpuSelection.Off, 1024, notes.Add, CancellationToken.None);

        Assert.Empty(devices.Gpus);
        Assert.Null(devices.UnitGpu);
        Assert.Equal("cpu", Assert.Single(devices.Capabilities).Kind);
        Assert.Empty(notes);
    }
}
