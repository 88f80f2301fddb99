namespace VolunteerGrid.Tests.Installer;

/// <summary>
/// A framework-dependent vgrid-agent (apphost + assemblies) copied from the test's build output, so
/// the package tests need no slow self-contained publish; build.sh packages the single-file build.
/// </summary>
internal static class FrameworkDependentAgentPayload
{
    private static readonly string[] Files =
    [
        "vgrid-agent", "vgrid-agent.dll", "vgrid-agent.runtimeconfig.json", "vgrid-agent.deps.json",
        "VolunteerGrid.Shared.dll", "VolunteerGrid.WorkUnits.dll", "System.CommandLine.dll",
    ];

    public static string CopyTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in Files)
        {
            var source = Path.Combine(AppContext.BaseDirectory, name);
            Assert.True(File.Exists(source), $"{source} is missing from the test output: the test project references the agent through the CLI");
            File.Copy(source, Path.Combine(directory, name));
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(directory, "vgrid-agent"), (UnixFileMode)0b111_101_101);
        return directory;
    }
}
