namespace VolunteerGrid.Tests.Installer;

/// <summary>
/// Builds the agent .deb with installer/debian/build-deb.sh, checks it with dpkg-deb and lintian,
/// installs it into a throwaway root (dpkg --root with the maintainer scripts run chrootless, which
/// they support through DPKG_ROOT) and checks files, modes, user, service state, unit and purge.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AgentDebianPackageTests : IClassFixture<AgentDebianPackageTests.Package>
{
    private readonly Package _package;

    public AgentDebianPackageTests(Package package) => _package = package;

    [Fact]
    public void DpkgDebInfo_ControlFields_NameTheServiceAndItsDependencies()
    {
        var info = InstallerTool.Check("dpkg-deb", "--info", _package.Deb);

        Assert.Contains("Package: vgrid-agent", info, StringComparison.Ordinal);
        Assert.Contains("Version: 0.9.1", info, StringComparison.Ordinal);
        Assert.Contains("Architecture: amd64", info, StringComparison.Ordinal);
        Assert.Contains("passwd", info, StringComparison.Ordinal);
        Assert.Contains("init-system-helpers", info, StringComparison.Ordinal);
        foreach (var script in new[] { "postinst", "prerm", "postrm", "conffiles" })
            Assert.Contains(script, info, StringComparison.Ordinal);
    }

    [Fact]
    public void DpkgDebContents_EveryFileWithItsMode_OwnedByRoot()
    {
        var contents = InstallerTool.Check("dpkg-deb", "--contents", _package.Deb);
        var entries = contents.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[5].TrimStart('.'), f => (Mode: f[0], Owner: f[1]));

        Assert.All(entries.Values, e => Assert.Equal("root/root", e.Owner));
        Assert.Equal("-rwxr-xr-x", entries["/usr/lib/vgrid-agent/vgrid-agent"].Mode);
        Assert.Equal("-rw-r--r--", entries["/lib/systemd/system/vgrid-agent.service"].Mode);
        Assert.Equal("-rw-r--r--", entries["/etc/vgrid-agent/agent.conf"].Mode);
        Assert.Equal("-rwxr-xr-x", entries["/lib/systemd/system-generators/vgrid-agent-generator"].Mode);
        Assert.StartsWith("l", entries["/usr/bin/vgrid-agent"].Mode, StringComparison.Ordinal);
        Assert.Contains("/usr/share/doc/vgrid-agent/copyright", entries.Keys);
        Assert.Contains("/usr/share/doc/vgrid-agent/changelog.gz", entries.Keys);
        Assert.Equal("drwxr-xr-x", entries["/"].Mode);
    }

    [Fact]
    public void Lintian_ReportsNoErrors()
    {
        var lintian = InstallerTool.Require("lintian", "lintian");
        var (_, stdout, stderr) = InstallerTool.Run(lintian, ["--tag-display-limit", "0", _package.Deb], timeoutSeconds: 120);
        var errors = stdout.Split('\n').Where(l => l.StartsWith("E: ", StringComparison.Ordinal)).ToList();

        Assert.True(errors.Count == 0, $"lintian errors:\n{stdout}\n{stderr}");
        Assert.DoesNotContain("W: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ThrowawayRoot_CreatesUserConfigStateAndEnablesTheService()
    {
        var root = _package.InstalledRoot;

        Assert.Contains("vgrid-agent", _package.InstallOutput, StringComparison.Ordinal);
        // No coordinator configured yet: postinst says how to start it instead of starting it.
        Assert.Contains("set 'coordinator = URL' in /etc/vgrid-agent/agent.conf", _package.InstallOutput, StringComparison.Ordinal);
        var passwd = File.ReadAllLines(Path.Combine(root, "etc/passwd")).Single(l => l.StartsWith("vgrid-agent:", StringComparison.Ordinal)).Split(':');
        Assert.True(int.Parse(passwd[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, $"vgrid-agent must be a system user: {string.Join(':', passwd)}");
        Assert.Equal("/var/lib/vgrid-agent", passwd[5]);
        Assert.Equal("/usr/sbin/nologin", passwd[6]);
        Assert.Contains(File.ReadAllLines(Path.Combine(root, "etc/group")), l => l.StartsWith("render:", StringComparison.Ordinal) && l.EndsWith(":vgrid-agent", StringComparison.Ordinal));

        var executable = Path.Combine(root, "usr/lib/vgrid-agent/vgrid-agent");
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(executable));
        Assert.Equal("../lib/vgrid-agent/vgrid-agent", new FileInfo(Path.Combine(root, "usr/bin/vgrid-agent")).LinkTarget);
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(Path.Combine(root, "var/lib/vgrid-agent")));
        var wants = new FileInfo(Path.Combine(root, "etc/systemd/system/multi-user.target.wants/vgrid-agent.service"));
        Assert.Equal("/lib/systemd/system/vgrid-agent.service", wants.LinkTarget);
        Assert.Contains("/etc/vgrid-agent/agent.conf", File.ReadAllText(Path.Combine(root, "var/lib/dpkg/info/vgrid-agent.conffiles")), StringComparison.Ordinal);
    }

    [Fact]
    public void InstalledConfig_ReadByTheInstalledAgent_PrintsItsDefaultsAndSources()
    {
        var root = _package.InstalledRoot;
        var config = Path.Combine(root, "etc/vgrid-agent/agent.conf");

        var (code, stdout, stderr) = InstallerTool.Run(Path.Combine(root, "usr/bin/vgrid-agent"), ["--print-config", "--config", config, "--data", Path.Combine(root, "var/lib/vgrid-agent")]);

        Assert.True(code == 0, stderr);
        Assert.Matches(@"memory-mb = 2048\s+# .*agent\.conf line \d+", stdout);
        Assert.Matches(@"gpu = auto\s+# .*agent\.conf line \d+", stdout);
        Assert.Matches(@"coordinator =\s+# default", stdout);
        Assert.Contains("not runnable yet: no coordinator", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitFile_HasTheSandboxAndPriorities_AndSystemdAnalyzeVerifiesIt()
    {
        var unit = File.ReadAllText(Path.Combine(_package.InstalledRoot, "lib/systemd/system/vgrid-agent.service"));
        foreach (var line in new[]
        {
            "Restart=on-failure", "Nice=19", "CPUSchedulingPolicy=idle", "IOSchedulingClass=idle", "ProtectSystem=strict",
            "NoNewPrivileges=yes", "StateDirectory=vgrid-agent", "User=vgrid-agent",
            "ExecStart=/usr/lib/vgrid-agent/vgrid-agent --config /etc/vgrid-agent/agent.conf --data /var/lib/vgrid-agent",
        })
            Assert.Contains(line + "\n", unit, StringComparison.Ordinal);

        // systemd-analyze checks that ExecStart's program exists on this machine: the copy it
        // verifies points at the throwaway root's binary, everything else unchanged.
        var verify = Path.Combine(_package.Work, "verify");
        Directory.CreateDirectory(verify);
        var copy = Path.Combine(verify, "vgrid-agent.service");
        File.WriteAllText(copy, unit.Replace("/usr/lib/vgrid-agent/", Path.Combine(_package.InstalledRoot, "usr/lib/vgrid-agent") + "/", StringComparison.Ordinal));
        var analyze = InstallerTool.Require("systemd-analyze", "systemd");
        var (code, stdout, stderr) = InstallerTool.Run(analyze, ["verify", "--man=no", copy]);

        Assert.True(code == 0 && stderr.Trim().Length == 0 && stdout.Trim().Length == 0, $"systemd-analyze verify ({code}):\n{stdout}\n{stderr}");
    }

    [Theory]
    [InlineData("memory-mb = 4096", "MemoryMax=4608M")]
    [InlineData("memory-mb =", "MemoryMax=75%")]
    public void Generator_MemoryMbInConfig_BecomesTheServiceMemoryMax(string line, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("vgrid-generator-").FullName;
        try
        {
            var config = Path.Combine(directory, "agent.conf");
            File.WriteAllText(config, $"coordinator = http://grid.example.org\n{line}\n");
            var output = Path.Combine(directory, "normal");
            var generator = Path.Combine(_package.InstalledRoot, "lib/systemd/system-generators/vgrid-agent-generator");

            var (code, _, stderr) = InstallerTool.Run(generator, [output, output, output], new Dictionary<string, string> { ["VGRID_AGENT_CONFIG"] = config });

            Assert.True(code == 0, stderr);
            var dropIn = File.ReadAllText(Path.Combine(output, "vgrid-agent.service.d", "50-memory.conf"));
            Assert.Contains("[Service]\n" + expected + "\n", dropIn, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void RemoveThenPurge_SecondRoot_RemoveKeepsStateAndPurgeDeletesStateUserAndConfig()
    {
        var root = Path.Combine(_package.Work, "purge-root");
        Package.InstallInto(root, _package.Deb);
        File.WriteAllText(Path.Combine(root, "var/lib/vgrid-agent/host.json"), "{}");

        Package.Dpkg(root, "--remove", "vgrid-agent");
        Assert.True(File.Exists(Path.Combine(root, "var/lib/vgrid-agent/host.json")), "remove must keep the agent's state");
        Assert.True(File.Exists(Path.Combine(root, "etc/vgrid-agent/agent.conf")), "remove must keep the conffile");
        Assert.False(File.Exists(Path.Combine(root, "usr/lib/vgrid-agent/vgrid-agent")));

        Package.Dpkg(root, "--purge", "vgrid-agent");
        Assert.False(Directory.Exists(Path.Combine(root, "var/lib/vgrid-agent")), "purge must delete /var/lib/vgrid-agent");
        Assert.False(File.Exists(Path.Combine(root, "etc/vgrid-agent/agent.conf")));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(root, "etc/passwd")), l => l.StartsWith("vgrid-agent:", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(root, "etc/systemd/system/multi-user.target.wants/vgrid-agent.service")));
    }

    /// <summary>One .deb and one installed root, shared by the tests of this class.</summary>
    public sealed class Package : IDisposable
    {
        public Package()
        {
            Work = Directory.CreateTempSubdirectory("vgrid-deb-").FullName;
            var payload = FrameworkDependentAgentPayload.CopyTo(Path.Combine(Work, "payload"));
            var builder = Path.Combine(InstallerTool.InstallerDirectory, "debian", "build-deb.sh");
            var (code, stdout, stderr) = InstallerTool.Run(builder, ["vgrid-agent", payload, Path.Combine(Work, "out"), "0.9.1"]);
            Assert.True(code == 0, $"build-deb.sh failed ({code}):\n{stdout}\n{stderr}");
            Deb = stdout.Trim();
            InstalledRoot = Path.Combine(Work, "root");
            InstallOutput = InstallInto(InstalledRoot, Deb);
        }

        public string Work { get; }

        public string Deb { get; }

        public string InstalledRoot { get; }

        public string InstallOutput { get; }

        /// <summary>A minimal dpkg database and user files, then dpkg -i with the scripts run chrootless.</summary>
        public static string InstallInto(string root, string deb)
        {
            foreach (var directory in new[] { "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc" })
                Directory.CreateDirectory(Path.Combine(root, directory));
            File.WriteAllText(Path.Combine(root, "var/lib/dpkg/status"), "");
            File.WriteAllText(Path.Combine(root, "var/lib/dpkg/available"), "");
            File.WriteAllText(Path.Combine(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
            File.WriteAllText(Path.Combine(root, "etc/group"), "root:x:0:\nrender:x:105:\n");
            File.WriteAllText(Path.Combine(root, "etc/shadow"), "root:*:19000:0:99999:7:::\n");
            File.WriteAllText(Path.Combine(root, "etc/gshadow"), "root:*::\nrender:!::\n");
            // --force-depends: the throwaway root has no libc6/passwd packages registered.
            return Dpkg(root, "--force-depends", "--install", deb);
        }

        public static string Dpkg(string root, params string[] arguments)
        {
            var dpkg = InstallerTool.Require("dpkg", "dpkg");
            var (code, stdout, stderr) = InstallerTool.Run(dpkg, [$"--root={root}", "--force-not-root", "--force-script-chrootless", "--log=/dev/null", .. arguments]);
            Assert.True(code == 0, $"dpkg {string.Join(' ', arguments)} failed ({code}):\n{stdout}\n{stderr}");
            return stdout + stderr;
        }

        public void Dispose() => Directory.Delete(Work, recursive: true);
    }
}
