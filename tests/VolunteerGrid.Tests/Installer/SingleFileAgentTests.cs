using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Grid;

namespace VolunteerGrid.Tests.Installer;

/// <summary>
/// The self-contained single-file linux-x64 agent from installer/build.sh (run by .ci/run before
/// the tests; publishing inside the test would take minutes), copied alone into an empty folder,
/// registers with a test coordinator and completes a campaign's units.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SingleFileAgentTests
{
    [Fact]
    public async Task SingleFileAgent_CopiedAloneToAnEmptyFolder_RegistersAndCompletesUnits()
    {
        var built = Built("vgrid-agent");
        var folder = Directory.CreateTempSubdirectory("vgrid-single-file-").FullName;
        var data = Directory.CreateTempSubdirectory("vgrid-single-file-data-").FullName;
        try
        {
            var agentPath = Path.Combine(folder, "vgrid-agent");
            File.Copy(built, agentPath);
            File.SetUnixFileMode(agentPath, (UnixFileMode)0b111_101_101);
            using var grid = await GridScenario.StartAsync();
            // Quorum 1: this one host's results alone complete the campaign.
            var sha = await grid.Api.UploadAsync(FofSnapshot.Positions);
            var request = FofSnapshot.Request(sha, subvolumes: 1) with { Quorum = new QuorumPolicy(MinQuorum: 1, TargetResults: 1, MaxTotalResults: 3, MaxErrorResults: 3) };
            var campaign = (await grid.Api.SubmitAsync(request)).Id;

            // Nothing beside it, no dotnet on its PATH, and a fresh extraction folder: only the file itself.
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = "/usr/bin:/bin",
                ["DOTNET_ROOT"] = "",
                ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(data, "extract"),
            };
            using var agent = new BackgroundProcess(agentPath,
                ["--coordinator", grid.Coordinator.Url.ToString(), "--data", Path.Combine(data, "state"), "--name", "single-file", "--cores", "1", "--memory-mb", "512", "--cache-mb", "64"],
                environment, workingDirectory: folder);
            var summary = await grid.Api.WaitFinishedAsync(campaign, TimeSpan.FromSeconds(90), () => grid.Diagnostics() + "\n--- single-file agent ---\n" + agent.Output);

            Assert.True(summary.State == CampaignState.Completed, GridApi.Describe(summary) + "\n" + agent.Output);
            await grid.AssertProductsEqualLocalAsync(campaign);
            var host = (await grid.Api.HostsAsync()).Single(h => h.Name == "single-file");
            Assert.True(host.ValidResults >= 2, $"the single-file agent completed {host.ValidResults} unit(s): {host}");
            Assert.Equal(["vgrid-agent"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task SingleFileCoordinator_ThroughTheStartScript_MigratesSignsAndPassesTheAgentsDoctor()
    {
        // SQLite's native library, the CMS signing assembly and the project certificate all come
        // out of the single file: the first start migrates grid.db and creates the signing keys.
        var vgrid = Built("vgrid");
        var agent = Built("vgrid-agent");
        var work = Directory.CreateTempSubdirectory("vgrid-single-file-coordinator-").FullName;
        try
        {
            var data = Path.Combine(work, "data");
            var port = CoordinatorProcess.FreePort();
            var config = Path.Combine(work, "coordinator.conf");
            File.WriteAllText(config, $"urls = http://127.0.0.1:{port}\ndb = sqlite\ndata = {data}\n");
            var environment = new Dictionary<string, string>
            {
                ["VGRID_COORDINATOR_CONFIG"] = config,
                ["VGRID_BIN"] = vgrid,
                ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(work, "extract"),
            };
            using var coordinator = new BackgroundProcess(Path.Combine(InstallerTool.InstallerDirectory, "debian", "vgrid-coordinator", "vgrid-coordinator-start"), [], environment);
            var (code, stdout, stderr) = (-1, "", "");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                Assert.False(coordinator.HasExited, $"the single-file coordinator exited:\n{coordinator.Output}");
                await Task.Delay(250);
                if (!File.Exists(Path.Combine(data, "keys", "project.crt")))
                    continue;
                (code, stdout, stderr) = InstallerTool.Run(agent, ["doctor", "--coordinator", $"http://127.0.0.1:{port}", "--data", Path.Combine(work, "agent"),
                    "--cache-mb", "1", "--project-cert", Path.Combine(data, "keys", "project.crt")], environment);
            }
            while (code != 0 && DateTime.UtcNow < deadline);

            Assert.True(code == 0, $"vgrid-agent doctor ({code}):\n{stdout}\n{stderr}\n--- coordinator ---\n{coordinator.Output}");
            Assert.Contains("ok       certificate: the coordinator's project certificate matches the pinned one", stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "grid.db")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "admin.key")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Built(string name)
    {
        var path = Path.Combine(InstallerTool.InstallerDirectory, "out", "linux-x64", name);
        Assert.True(File.Exists(path), $"{path} does not exist: run installer/build.sh first (.ci/run does, before the tests)");
        return path;
    }
}
