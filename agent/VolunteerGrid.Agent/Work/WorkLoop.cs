using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VolunteerGrid.Agent.Devices;
using VolunteerGrid.Agent.Downloads;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Agent.Manifests;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Agent.Work;

/// <summary>
/// The agent's life: register once, pin the project certificate, then ask for work, verify,
/// download, run, upload and report, until told to stop. Every wait goes through the
/// <see cref="TimeProvider"/>; every retry of an unreachable coordinator backs off exponentially
/// with jitter, so the loop never spins. The unit in progress is saved in DATA before anything
/// else happens to it, so a restart resumes it.
/// </summary>
internal sealed partial class WorkLoop
{
    private readonly CoordinatorClient _client;
    private readonly AgentStateStore _state;
    private readonly InputCache _cache;
    private readonly InputDownloader _downloader;
    private readonly IManifestVerifier _verifier;
    private readonly IUnitRunner _runner;
    private readonly KindRegistry _kinds;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly StatusReporter _status;
    private readonly IdleDetector? _idle;
    private readonly HostDevices _devices;
    private readonly ExponentialBackoff _unreachable;
    private readonly Random _random;
    private X509Certificate2? _pinned;

    public WorkLoop(
        CoordinatorClient client,
        AgentStateStore state,
        IManifestVerifier verifier,
        IUnitRunner runner,
        KindRegistry kinds,
        AgentOptions options,
        TimeProvider time,
        StatusReporter status,
        IdleDetector? idle = null,
        Random? random = null,
        HostDevices? devices = null)
    {
        _devices = devices ?? HostDevices.CpuOnly(options.EffectiveMemoryMb);
        _client = client;
        _state = state;
        _verifier = verifier;
        _runner = runner;
        _kinds = kinds;
        _options = options;
        _time = time;
        _status = status;
        _idle = idle;
        _random = random ?? Random.Shared;
        _unreachable = new ExponentialBackoff(InitialBackoff, MaxBackoff, _random);
        _cache = new InputCache(state.CacheDirectory, options.CacheMb << 20, time);
        _downloader = new InputDownloader(client, _cache, time)
        {
            BytesReceived = new Progress<long>(status.BytesReceived),
        };
    }

    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Shortest wait between work requests, whatever the coordinator suggests.</summary>
    public static readonly TimeSpan MinPoll = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPoll = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    internal InputCache Cache => _cache;

    /// <summary>Runs until <paramref name="drain"/> (finish the unit, then stop) or <paramref name="abandon"/> (stop now).</summary>
    public async Task RunAsync(CancellationToken drain, CancellationToken abandon)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(drain, abandon);
        try
        {
            await EnsureRegisteredAsync(either.Token);
            _pinned = await EnsurePinnedCertificateAsync(either.Token);
            while (!drain.IsCancellationRequested)
            {
                try
                {
                    if (_state.LoadCurrentUnit() is { } current)
                    {
                        await ProcessAsync(current, abandon);
                        continue;
                    }
                    if (_idle is not null && !_idle.IsIdle())
                    {
                        _status.Phase($"waiting: machine busy (load from others {_idle.LastOtherLoad:0.00} ≥ {_idle.Threshold:0.00})");
                        await Task.Delay(Jitter(IdlePoll), _time, drain);
                        continue;
                    }
                    _status.Phase("asking for work");
                    var response = await _client.RequestWorkAsync(BuildRequest(), drain);
                    _unreachable.Reset();
                    if (response.Assignments.Count == 0)
                    {
                        _status.Phase("waiting for work");
                        var hint = TimeSpan.FromSeconds(double.IsFinite(response.RetryAfterSeconds) ? response.RetryAfterSeconds : 0);
                        await Task.Delay(Jitter(Clamp(hint, MinPoll, MaxPoll)), _time, drain);
                        continue;
                    }
                    foreach (var assignment in response.Assignments)
                    {
                        var unit = new CurrentUnit(assignment.ResultId, assignment.SignedManifest, assignment.Deadline);
                        _state.SaveCurrentUnit(unit);
                        await ProcessAsync(unit, abandon);
                    }
                }
                catch (CoordinatorUnavailableException e)
                {
                    await BackOffAsync(e.Message, drain);
                }
                catch (CoordinatorRejectedException e) when (e.Status is HttpStatusCode.Unauthorized)
                {
                    // The coordinator no longer knows our token (its database was reset): register anew.
                    _status.Log($"the coordinator does not accept this host's token ({e.Message}); registering again");
                    _state.ForgetHost();
                    await Task.Delay(_unreachable.Next(), _time, drain);
                    await EnsureRegisteredAsync(drain);
                }
                catch (CoordinatorRejectedException e)
                {
                    // A 4xx on a work request will not fix itself at once; never retry in a tight loop.
                    await BackOffAsync(e.Message, drain);
                }
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested || abandon.IsCancellationRequested)
        {
            // Test the caller's tokens, not the linked one: CancelAsync runs callbacks (including
            // the link) asynchronously, so a waiter can observe cancellation before the link does.
            // Stopping was asked for; what had to be said to the coordinator has been said.
        }
        finally
        {
            _status.Close();
        }
    }

    private async Task BackOffAsync(string reason, CancellationToken ct)
    {
        var delay = _unreachable.Next();
        _status.Log($"{reason}; retrying in {delay.TotalSeconds:0.#} s");
        _status.Phase("coordinator unreachable");
        await Task.Delay(delay, _time, ct);
    }

    private async Task EnsureRegisteredAsync(CancellationToken ct)
    {
        var coordinator = _options.Coordinator.ToString();
        if (_state.LoadHost() is { } known && known.Coordinator == coordinator)
        {
            _client.Token = known.Token;
            return;
        }
        _client.Token = null;
        var request = new RegisterHostRequest(
            _options.Name ?? Environment.MachineName,
            _options.Account,
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription} {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}",
            _options.EffectiveCores,
            _options.EffectiveMemoryMb);
        while (true)
        {
            try
            {
                var response = await _client.RegisterAsync(request, ct);
                _state.SaveHost(new HostRegistration(response.HostId, response.Token, coordinator));
                _client.Token = response.Token;
                _unreachable.Reset();
                _status.Log($"registered with {coordinator} as host {response.HostId}");
                return;
            }
            catch (CoordinatorUnavailableException e)
            {
                await BackOffAsync(e.Message, ct);
            }
            catch (CoordinatorRejectedException e)
            {
                throw new AgentFatalException($"the coordinator refused registration: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// The certificate every manifest must be signed with: --project-cert when given (stored for
    /// later runs), else the one stored in DATA, else fetched on first contact and stored (trust
    /// on first use: an attacker would have to be in the path at that very first contact; pass
    /// --project-cert to close even that window).
    /// </summary>
    private async Task<X509Certificate2> EnsurePinnedCertificateAsync(CancellationToken ct)
    {
        if (_options.ProjectCertificateFile is { } file)
        {
            var pem = await File.ReadAllTextAsync(file, ct);
            var given = LoadPem(pem, file);
            _state.SaveCertificatePem(pem);
            return given;
        }
        if (_state.LoadCertificatePem() is { } stored)
            return LoadPem(stored, _state.CertificateFile);
        while (true)
        {
            try
            {
                var pem = await _client.GetProjectCertificatePemAsync(ct);
                var fetched = LoadPem(pem, _options.Coordinator + GridRoutes.ProjectCertificate.TrimStart('/'));
                _state.SaveCertificatePem(pem);
                _status.Log($"pinned the project certificate {fetched.Subject} (SHA-256 {Convert.ToHexStringLower(fetched.GetCertHash(HashAlgorithmName.SHA256))}) on first contact; stored in {_state.CertificateFile}");
                return fetched;
            }
            catch (CoordinatorUnavailableException e)
            {
                await BackOffAsync(e.Message, ct);
            }
            catch (CoordinatorRejectedException e)
            {
                throw new AgentFatalException($"cannot fetch the project certificate: {e.Message}; pass it with --project-cert FILE", e);
            }
        }
    }

    private static X509Certificate2 LoadPem(string pem, string source)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new AgentFatalException($"{source} is not a PEM certificate ({e.Message}); give the project's certificate (-----BEGIN CERTIFICATE-----)", e);
        }
    }

    private WorkRequest BuildRequest()
    {
        var kinds = _kinds.UnitKinds.Select(k => new KindVersion(k.Name, k.Version)).OrderBy(k => k.Name, StringComparer.Ordinal).ToList();
        var capabilities = new HostCapabilities(
            _options.EffectiveCores,
            _options.EffectiveMemoryMb,
            kinds,
            _devices.Capabilities,
            FreeDiskMb());
        return new WorkRequest(capabilities, _cache.Digests());
    }

    private long FreeDiskMb()
    {
        try
        {
            return new DriveInfo(_state.DataDirectory).AvailableFreeSpace >> 20;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private TimeSpan Jitter(TimeSpan delay) => delay * (0.9 + 0.2 * _random.NextDouble());

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
