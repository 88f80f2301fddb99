using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VolunteerGrid.Tests.Grid;

namespace VolunteerGrid.Tests.Installer;

/// <summary>
/// The coordinator package: its .deb layout, and its start script turning
/// /etc/vgrid-coordinator/coordinator.conf into <c>vgrid coordinator</c> (first start writes the admin
/// key with mode 0600; TLS from the certificate paths).
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CoordinatorPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("vgrid-coordinator-package-").FullName;

    private static string StartScript => Path.Combine(InstallerTool.InstallerDirectory, "debian", "vgrid-coordinator", "vgrid-coordinator-start");

    [Fact]
    public void BuildDeb_CoordinatorPackage_HasUnitConfigStartScriptAndExecutable()
    {
        var payload = Path.Combine(_work, "payload");
        Directory.CreateDirectory(payload);
        File.WriteAllText(Path.Combine(payload, "vgrid"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(payload, "vgrid"), (UnixFileMode)0b111_101_101);

        var deb = InstallerTool.Check(Path.Combine(InstallerTool.InstallerDirectory, "debian", "build-deb.sh"), "vgrid-coordinator", payload, Path.Combine(_work, "out"), "0.9.1").Trim();
        var contents = InstallerTool.Check("dpkg-deb", "--contents", deb);
        var info = InstallerTool.Check("dpkg-deb", "--info", deb);

        Assert.Matches(@"-rwxr-xr-x root/root .* \./usr/lib/vgrid-coordinator/vgrid\n", contents);
        Assert.Matches(@"-rwxr-xr-x root/root .* \./usr/lib/vgrid-coordinator/vgrid-coordinator-start\n", contents);
        Assert.Matches(@"-rw-r--r-- root/root .* \./lib/systemd/system/vgrid-coordinator.service\n", contents);
        Assert.Matches(@"-rw-r--r-- root/root .* \./etc/vgrid-coordinator/coordinator.conf\n", contents);
        Assert.Contains("Package: vgrid-coordinator", info, StringComparison.Ordinal);
        var unit = File.ReadAllText(Path.Combine(InstallerTool.InstallerDirectory, "debian", "vgrid-coordinator", "vgrid-coordinator.service"));
        foreach (var line in new[] { "ExecStart=/usr/lib/vgrid-coordinator/vgrid-coordinator-start", "User=vgrid-coordinator", "StateDirectory=vgrid-coordinator", "ProtectSystem=strict", "NoNewPrivileges=yes", "Restart=on-failure" })
            Assert.Contains(line + "\n", unit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartScript_FirstStart_WritesTheAdminKeyMode0600AndServes()
    {
        var data = Path.Combine(_work, "data");
        var port = CoordinatorProcess.FreePort();
        var config = WriteConfig($"urls = http://127.0.0.1:{port}\ndb = sqlite\ndata = {data}\nidle-retry-seconds = 1\n");

        using var coordinator = Start(config);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitHealthyAsync(client, coordinator);

        var key = Path.Combine(data, "admin.key");
        Assert.True(File.Exists(key), coordinator.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.StartsWith("vgk_", File.ReadAllText(key), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartScript_TlsCertificatePaths_ServeHttpsWithThatCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(_work, "tls.crt");
        var keyFile = Path.Combine(_work, "tls.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        var port = CoordinatorProcess.FreePort();
        var config = WriteConfig($"urls = https://127.0.0.1:{port}\ndata = {Path.Combine(_work, "data")}\ntls-cert = {certFile}\ntls-key = {keyFile}\n");

        using var coordinator = Start(config);
        byte[]? served = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                served = cert?.RawData;
                return cert is not null && cert.RawData.AsSpan().SequenceEqual(certificate.RawData);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
        await WaitHealthyAsync(client, coordinator);

        Assert.NotNull(served);
        Assert.Equal(certificate.RawData, served);
    }

    // Each bad configuration stops the start script with EX_CONFIG (78, not restarted by systemd) and says what to fix.
    [Theory]
    [InlineData("data = /tmp/x\ncolour = blue\n", "unknown setting(s) in CONF: colour")]
    [InlineData("urls = http://127.0.0.1:1\n", "set 'data = DIR' in CONF")]
    [InlineData("data = /tmp/x\ntls-cert = /nonexistent/tls.crt\ntls-key = /nonexistent/tls.key\n", "tls-cert '/nonexistent/tls.crt' in CONF is not a readable PEM file")]
    public void StartScript_BadConfig_ExitsWithConfigErrorAndTheFix(string text, string expected)
    {
        var config = WriteConfig(text);

        var (code, _, stderr) = InstallerTool.Run(StartScript, [], ScriptEnvironment(config));

        Assert.Equal(78, code);
        Assert.Contains(expected.Replace("CONF", config, StringComparison.Ordinal), stderr, StringComparison.Ordinal);
    }

    private string WriteConfig(string text)
    {
        var path = Path.Combine(_work, $"coordinator-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The script runs the test's own vgrid build through a one-line stand-in for /usr/lib/vgrid-coordinator/vgrid.</summary>
    private Dictionary<string, string> ScriptEnvironment(string config)
    {
        var vgrid = Path.Combine(_work, "vgrid");
        if (!File.Exists(vgrid))
        {
            File.WriteAllText(vgrid, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "vgrid.dll")}' \"$@\"\n");
            File.SetUnixFileMode(vgrid, (UnixFileMode)0b111_101_101);
        }
        return new() { ["VGRID_COORDINATOR_CONFIG"] = config, ["VGRID_BIN"] = vgrid };
    }

    private BackgroundProcess Start(string config) => new(StartScript, [], ScriptEnvironment(config));

    private static async Task WaitHealthyAsync(HttpClient client, BackgroundProcess process)
    {
        client.Timeout = TimeSpan.FromSeconds(2);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the coordinator exited; output:\n{process.Output}");
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"the coordinator did not answer /healthz within 60 s; output:\n{process.Output}");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
