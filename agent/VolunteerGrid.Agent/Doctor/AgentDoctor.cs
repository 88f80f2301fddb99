using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VolunteerGrid.Agent.Devices;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Agent.Doctor;

/// <summary>
/// <c>vgrid-agent doctor</c>: checks what a volunteer's agent needs (the coordinator answers, its
/// project certificate is the pinned one, the cache fits on the disk, OpenCL devices for
/// <c>--gpu</c>) and says what is wrong in plain words. It changes nothing (it only writes and
/// removes a probe file to see that the data directory is writable).
/// </summary>
public sealed class AgentDoctor(IDiskSpace disk, IOpenClProbe openCl, HttpMessageHandler? http = null)
{
    /// <summary>Same name as the agent's state store uses for the trust-on-first-use pin.</summary>
    public const string PinnedCertificateName = "project-cert.pem";

    /// <summary>Room a unit's outputs and job files need beside the input cache.</summary>
    public const long WorkAllowanceMb = 256;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        var where = inputs.ConfigFile is null ? "pass --coordinator URL" : $"set 'coordinator = URL' in {inputs.ConfigFile}";
        string? servedPem = null;
        DoctorFinding? finding = null;
        if (inputs.Coordinator is null)
            findings.Add(new("coordinator", DoctorStatus.Problem, $"no coordinator is configured: {where}"));
        else
            (servedPem, finding) = await FetchCertificateAsync(inputs.Coordinator, where, ct);
        if (finding is not null)
            findings.Add(finding);
        findings.Add(CheckPin(inputs, servedPem));
        findings.Add(CheckDisk(inputs));
        findings.Add(await CheckOpenClAsync(inputs.Gpu, ct));
        return findings;
    }

    /// <summary>Prints the findings; returns the exit code (1 when any check found a problem).</summary>
    public static int Report(IReadOnlyList<DoctorFinding> findings, TextWriter output)
    {
        foreach (var f in findings)
        {
            var label = f.Status switch { DoctorStatus.Ok => "ok", DoctorStatus.Warning => "warning", _ => "PROBLEM" };
            output.WriteLine($"{label,-8} {f.Check}: {f.Message}");
        }
        var problems = findings.Count(f => f.Status == DoctorStatus.Problem);
        output.WriteLine(problems == 0
            ? "vgrid-agent doctor: no problems found"
            : $"vgrid-agent doctor: {problems} problem(s) found: the agent will not work properly until they are fixed");
        return problems == 0 ? 0 : 1;
    }

    private async Task<(string? Pem, DoctorFinding? Finding)> FetchCertificateAsync(Uri coordinator, string where, CancellationToken ct)
    {
        using var client = http is null ? new HttpClient() : new HttpClient(http, disposeHandler: false);
        client.BaseAddress = coordinator;
        client.Timeout = Timeout;
        try
        {
            using var response = await client.GetAsync(GridRoutes.ProjectCertificate, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                return (null, new("coordinator", DoctorStatus.Problem,
                    $"{coordinator} answered {(int)response.StatusCode} {response.ReasonPhrase} for {GridRoutes.ProjectCertificate}: is this the VolunteerGrid coordinator's URL? ({where})"));
            if (!body.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                return (null, new("coordinator", DoctorStatus.Problem,
                    $"{coordinator} answered, but not with a project certificate: is this the VolunteerGrid coordinator's URL? ({where})"));
            return (body, new("coordinator", DoctorStatus.Ok, $"{coordinator} answers"));
        }
        catch (HttpRequestException e)
        {
            var tls = e.InnerException is System.Security.Authentication.AuthenticationException
                ? " The server's TLS certificate is not trusted by this machine: install the coordinator's CA certificate, or ask the project for its correct https URL."
                : " Is the coordinator running, and is the URL right? Check the network and firewall too.";
            return (null, new("coordinator", DoctorStatus.Problem, $"cannot reach the coordinator at {coordinator}: {e.Message}.{tls} ({where})"));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, new("coordinator", DoctorStatus.Problem,
                $"the coordinator at {coordinator} did not answer within {Timeout.TotalSeconds:0} s: it may be overloaded, or a firewall drops the connection ({where})"));
        }
    }

    private static DoctorFinding CheckPin(DoctorInputs inputs, string? servedPem)
    {
        var pinFile = inputs.ProjectCertificateFile
            ?? (inputs.DataDirectory is null ? null : Path.Combine(inputs.DataDirectory, PinnedCertificateName));
        if (inputs.ProjectCertificateFile is not null && !File.Exists(inputs.ProjectCertificateFile))
            return new("certificate", DoctorStatus.Problem, $"project-cert {inputs.ProjectCertificateFile} does not exist: give the project's PEM certificate file, or leave project-cert empty to pin on first contact");
        X509Certificate2? pinned = null;
        if (pinFile is not null && File.Exists(pinFile))
        {
            try
            {
                pinned = X509Certificate2.CreateFromPem(File.ReadAllText(pinFile));
            }
            catch (CryptographicException e)
            {
                return new("certificate", DoctorStatus.Problem, $"the pinned project certificate {pinFile} is not a PEM certificate ({e.Message}): delete it to pin again on next contact, or replace it with the project's certificate");
            }
        }
        using var pin = pinned;
        if (servedPem is null)
        {
            return pin is null
                ? new("certificate", DoctorStatus.Warning, "not checked: the coordinator did not answer, and no project certificate is pinned yet")
                : new("certificate", DoctorStatus.Warning, $"not checked against the coordinator (it did not answer); pinned {Fingerprint(pin)} in {pinFile}");
        }
        using var served = X509Certificate2.CreateFromPem(servedPem);
        if (pin is null)
            return new("certificate", DoctorStatus.Warning,
                $"no project certificate pinned yet: the agent will trust the one the coordinator serves now ({Fingerprint(served)}) on first contact. Compare that fingerprint with the project's published one, or pin it with --project-cert FILE");
        if (!pin.RawData.AsSpan().SequenceEqual(served.RawData))
            return new("certificate", DoctorStatus.Problem,
                $"the coordinator serves project certificate {Fingerprint(served)}, but this agent pinned {Fingerprint(pin)} ({pinFile}). The agent will refuse every work unit. "
                + "If the project announced a new certificate, replace the pinned file with it; otherwise you may be talking to the wrong server or someone is intercepting the connection");
        return new("certificate", DoctorStatus.Ok, $"the coordinator's project certificate matches the pinned one ({Fingerprint(pin)})");
    }

    private DoctorFinding CheckDisk(DoctorInputs inputs)
    {
        if (inputs.DataDirectory is null)
            return new("disk", DoctorStatus.Problem, "no data directory is configured: pass --data DIR or set 'data = DIR' in the configuration file");
        var data = Path.GetFullPath(inputs.DataDirectory);
        var existing = data;
        while (!Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing) ?? throw new DirectoryNotFoundException($"no existing parent folder of {data}");
        if (existing == data && !CanWrite(data))
            return new("disk", DoctorStatus.Problem, $"cannot write to the data directory {data}: run the agent as the user who owns it (the Debian package runs it as vgrid-agent), or fix its permissions");
        var cache = Path.Combine(data, "cache");
        var cached = Directory.Exists(cache) ? new DirectoryInfo(cache).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
        var cacheBytes = inputs.CacheMb << 20;
        var needed = Math.Max(0, cacheBytes - cached) + (WorkAllowanceMb << 20);
        var free = disk.AvailableBytes(existing);
        if (free < needed)
            return new("disk", DoctorStatus.Problem,
                $"only {free >> 20} MB free on the disk of {data}, but the input cache may grow by {Math.Max(0, cacheBytes - cached) >> 20} MB more (cache-mb = {inputs.CacheMb}) and a unit's outputs need about {WorkAllowanceMb} MB: free some space or lower cache-mb");
        return new("disk", DoctorStatus.Ok, $"{free >> 20} MB free for {data} (cache-mb = {inputs.CacheMb}, {cached >> 20} MB cached)");
    }

    private async Task<DoctorFinding> CheckOpenClAsync(GpuSelection gpu, CancellationToken ct)
    {
        if (!gpu.Enabled)
            return new("opencl", DoctorStatus.Ok, "GPU work is off (gpu = off): units run on the CPU");
        var report = await openCl.ProbeAsync(ct);
        // auto falls back to the CPU: a missing device only matters when one was named.
        if (report.Problem is not null)
            return gpu.Index is { } wanted
                ? new("opencl", DoctorStatus.Problem, $"gpu = {wanted} asks for OpenCL device {wanted}, but {report.Problem}; or set gpu = auto (CPU when there is no GPU) or off")
                : new("opencl", DoctorStatus.Warning, $"{report.Problem} (gpu = {gpu}: units run on the CPU)");
        var list = string.Join(", ", report.Devices.Select(d => $"{d.Index}: {d.Name}{(d.IsGpu ? "" : " (CPU driver)")}"));
        var summary = $"OpenCL device(s) the agent can use: {list}";
        if (gpu.Index is { } index)
            return report.Devices.Any(d => d.Index == index)
                ? new("opencl", DoctorStatus.Ok, $"{summary}; gpu = {index} selects device {index}")
                : new("opencl", DoctorStatus.Problem, $"gpu = {index}, but there is no such device: {summary} (devices without double precision are left out): choose one of those numbers, or auto");
        return report.Gpus == 0
            ? new("opencl", DoctorStatus.Ok, $"{summary}; none is a GPU, so with gpu = auto units run on the CPU kernels (name a device with gpu = N to use it anyway)")
            : new("opencl", DoctorStatus.Ok, $"{summary}; gpu = auto uses the first GPU");
    }

    private static bool CanWrite(string directory)
    {
        var probe = Path.Combine(directory, $".doctor-{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Fingerprint(X509Certificate2 certificate) =>
        "SHA-256 " + Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).ToLowerInvariant();
}
