using System.CommandLine;
using VolunteerGrid.Agent.Devices;

namespace VolunteerGrid.Agent.Service;

/// <summary>The agent's configuration after the file and the flags are merged, with each value's source.</summary>
public sealed class EffectiveConfiguration
{
    private readonly AgentOptionSet _options;
    private readonly ParseResult _merged;

    internal EffectiveConfiguration(AgentOptionSet options, ParseResult merged, IReadOnlyList<EffectiveSetting> settings, string? configFile)
    {
        _options = options;
        _merged = merged;
        Settings = settings;
        ConfigFile = configFile;
    }

    /// <summary>--gpu: auto, off or a device number.</summary>
    /// <exception cref="ArgumentException">The value is none of those.</exception>
    public GpuSelection Gpu => GpuSelection.Parse(_merged.GetValue(_options.Gpu) ?? "auto");

    public IReadOnlyList<EffectiveSetting> Settings { get; }

    /// <summary>The configuration file applied, if any.</summary>
    public string? ConfigFile { get; }

    /// <summary>The coordinator URLs, comma-separated (failover replicas); null when none is configured.</summary>
    public string? Coordinator => _merged.GetValue(_options.Coordinator) is { Length: > 0 } urls ? string.Join(',', urls) : null;

    public string? DataDirectory => _merged.GetValue(_options.Data);

    public string? ProjectCertificateFile => _merged.GetValue(_options.ProjectCertificate);

    public long CacheMb => _merged.GetValue(_options.CacheMb);

    /// <summary>The options the agent runs with.</summary>
    /// <exception cref="ArgumentException">No coordinator or data directory was given, or a value is invalid.</exception>
    public AgentOptions ToAgentOptions()
    {
        if (string.IsNullOrWhiteSpace(Coordinator))
            throw new ArgumentException("no coordinator: pass --coordinator URL or set 'coordinator = URL' in the --config file, e.g. http://127.0.0.1:5080");
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException("no data directory: pass --data DIR or set 'data = DIR' in the --config file, e.g. ~/.vgrid-agent");
        var options = _options.Bind(_merged);
        options.Validate();
        return options;
    }

    /// <summary>Writes the settings in the configuration file's own format, each with its source as a comment.</summary>
    public void WriteTo(TextWriter output)
    {
        output.WriteLine("# vgrid-agent effective configuration: 'name = value  # source' (command line > config file > default)");
        var width = Settings.Max(s => s.Name.Length + s.Value.Length) + 3;
        foreach (var setting in Settings)
            output.WriteLine($"{$"{setting.Name} = {setting.Value}".PadRight(width)}  # {setting.Source}");
        try
        {
            var options = ToAgentOptions();
            output.WriteLine($"# in effect: {options.EffectiveCores} core(s), {options.EffectiveMemoryMb} MB per unit, cache {options.CacheMb} MB, data {Path.GetFullPath(options.DataDirectory)}");
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"# not runnable yet: {e.Message}");
        }
    }
}
