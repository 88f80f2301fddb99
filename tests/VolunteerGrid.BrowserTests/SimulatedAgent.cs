using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Shared.Signing;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.BrowserTests;

/// <summary>
/// A volunteer agent inside the test, speaking the real agent HTTP API (register, pull work, verify
/// the signed manifest, download inputs, run the kind, upload outputs, report) one unit per call,
/// so a test decides exactly when progress happens.
/// </summary>
internal sealed class SimulatedAgent : IDisposable
{
    private static readonly DeviceInfo Cpu = new("cpu", "test", "cpu", "1", 8192, true);

    private readonly HttpClient _http;
    private readonly KindRegistry _kinds;
    private readonly ManifestVerifier _verifier;
    private readonly string _work;

    private SimulatedAgent(HttpClient http, KindRegistry kinds, ManifestVerifier verifier, string work)
    {
        _http = http;
        _kinds = kinds;
        _verifier = verifier;
        _work = work;
    }

    public static async Task<SimulatedAgent> RegisterAsync(string baseUrl, string name, KindRegistry kinds, string workDirectory)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var pem = await http.GetStringAsync(GridRoutes.ProjectCertificate);
        var verifier = new ManifestVerifier(X509Certificate2.CreateFromPem(pem));
        using var response = await http.PostAsJsonAsync(GridRoutes.RegisterHost, new RegisterHostRequest(name, null, "linux-x64", 4, 8192), GridJsonContext.Default.RegisterHostRequest);
        response.EnsureSuccessStatusCode();
        var registered = (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.RegisterHostResponse))!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(GridRoutes.HostTokenScheme, registered.Token);
        return new SimulatedAgent(http, kinds, verifier, Path.Combine(workDirectory, name));
    }

    /// <summary>Takes one unit and completes it; false when the coordinator had no work.</summary>
    public async Task<bool> RunOneAsync()
    {
        var capabilities = new HostCapabilities(4, 8192, [.. _kinds.UnitKinds.Select(k => new KindVersion(k.Name, k.Version))], [Cpu], 10_000);
        using var response = await _http.PostAsJsonAsync(GridRoutes.RequestWork, new WorkRequest(capabilities, [], 1), GridJsonContext.Default.WorkRequest);
        response.EnsureSuccessStatusCode();
        var work = (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.WorkResponse))!;
        if (work.Assignments.Count == 0)
            return false;
        var assignment = work.Assignments[0];
        if (!_verifier.TryVerifyManifest(Convert.FromBase64String(assignment.SignedManifest), out var manifest, out var reason))
            throw new InvalidOperationException($"the coordinator's manifest did not verify: {reason}");
        var folder = Path.Combine(_work, assignment.ResultId);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in manifest.Inputs)
        {
            var path = Path.Combine(folder, "in", input.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, await _http.GetByteArrayAsync(GridRoutes.Format(GridRoutes.File, ("sha256", input.Sha256.ToString()))));
            inputs[input.Name] = path;
        }
        var files = new DirectoryUnitFiles(inputs, Path.Combine(folder, "out"));
        await _kinds.Unit(manifest.Kind).ExecuteAsync(manifest.Parameters, files, UnitExecutionContext.Default);
        var declarations = new List<OutputDeclaration>();
        foreach (var output in manifest.Outputs)
        {
            var bytes = await File.ReadAllBytesAsync(files.OutputPath(output.Name));
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var url = GridRoutes.Format(GridRoutes.ResultOutput, ("resultId", assignment.ResultId), ("name", output.Name))
                + $"?sha256={sha}&size={bytes.Length.ToString(CultureInfo.InvariantCulture)}";
            using var put = await _http.PutAsync(url, new ByteArrayContent(bytes));
            put.EnsureSuccessStatusCode();
            declarations.Add(new OutputDeclaration(output.Name, sha, bytes.Length));
        }
        using var complete = await _http.PostAsJsonAsync(GridRoutes.Format(GridRoutes.CompleteResult, ("resultId", assignment.ResultId)),
            new ResultReport(declarations, Cpu, 0.01, 0.01, null), GridJsonContext.Default.ResultReport);
        complete.EnsureSuccessStatusCode();
        return true;
    }

    public void Dispose() => _http.Dispose();
}
