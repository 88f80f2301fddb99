using System.CommandLine;

namespace VolunteerGrid.Agent;

/// <summary>
/// The agent's command-line options, defined once and used by both <c>vgrid-agent</c> and
/// <c>vgrid agent</c>, so the two cannot drift.
/// </summary>
public sealed class AgentOptionSet
{
    public Option<string[]> Coordinator { get; } = new("--coordinator")
    {
        Description = "Coordinator base URL, e.g. http://127.0.0.1:5080; several replicas as URL1,URL2 or a repeated option (the agent fails over between them)",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> Data { get; } = new("--data")
    {
        Description = "Directory for the host token (mode 0600), pinned certificate, unit state and input cache",
        Required = true,
    };

    public Option<int?> Cores { get; } = new("--cores") { Description = "Cores a unit may use (default: all)" };

    public Option<long?> MemoryMb { get; } = new("--memory-mb") { Description = "Memory limit of one unit in MB (default: half the machine's)" };

    public Option<bool> IdleOnly { get; } = new("--idle-only")
    {
        Description = "Ask for work only while the machine is idle (Linux: 1-minute load average minus the agent's own load below a quarter of the cores)",
    };

    public Option<int> CpuLimit { get; } = new("--cpu-limit")
    {
        Description = "Share of CPU time a unit may use, 1-100 %, by pausing and resuming it every second",
        DefaultValueFactory = _ => 100,
    };

    public Option<long> CacheMb { get; } = new("--cache-mb")
    {
        Description = "Size of the input cache in MB (least recently used inputs are evicted)",
        DefaultValueFactory = _ => 2048,
    };

    public Option<string?> Name { get; } = new("--name") { Description = "Host name shown to the project (default: the machine name)" };

    public Option<string?> Account { get; } = new("--account") { Description = "Volunteer account this host belongs to" };

    public Option<string?> ProjectCertificate { get; } = new("--project-cert")
    {
        Description = "PEM file of the project certificate to pin (default: fetched on first contact and stored in --data: trust on first use)",
    };

    public Option<string> Gpu { get; } = new("--gpu")
    {
        Description = "OpenCL for GPU-capable units: auto (a GPU if one is usable; true in the config file), off (false), or a device number N (clinfo -l order, may name a CPU driver such as PoCL); any OpenCL failure falls back to the CPU",
        DefaultValueFactory = _ => "auto",
    };

    public AgentOptionSet()
    {
        // A bad value fails the parse, so the configuration file reports it with its line.
        Gpu.Validators.Add(result =>
        {
            try
            {
                Devices.GpuSelection.Parse(result.GetValueOrDefault<string>() ?? "");
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
            }
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Coordinator, Data, Cores, MemoryMb, IdleOnly, CpuLimit, CacheMb, Name, Account, ProjectCertificate, Gpu })
            command.Options.Add(option);
    }

    public AgentOptions Bind(ParseResult parse) => new()
    {
        Coordinator = ParseCoordinators(parse.GetValue(Coordinator)!)[0],
        FailoverCoordinators = ParseCoordinators(parse.GetValue(Coordinator)!)[1..],
        DataDirectory = parse.GetValue(Data)!,
        Cores = parse.GetValue(Cores),
        MemoryMb = parse.GetValue(MemoryMb),
        IdleOnly = parse.GetValue(IdleOnly),
        CpuLimitPercent = parse.GetValue(CpuLimit),
        CacheMb = parse.GetValue(CacheMb),
        Name = parse.GetValue(Name),
        Account = parse.GetValue(Account),
        ProjectCertificateFile = parse.GetValue(ProjectCertificate),
        Gpu = Devices.GpuSelection.Parse(parse.GetValue(Gpu)!),
    };

    private static Uri[] ParseCoordinators(string[] values)
    {
        var urls = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(ParseCoordinator).Distinct().ToArray();
        return urls.Length > 0 ? urls : throw new ArgumentException("--coordinator needs at least one URL, e.g. http://127.0.0.1:5080");
    }

    private static Uri ParseCoordinator(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"--coordinator '{text}' must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:5080");
}
