using System.CommandLine;
using System.CommandLine.Parsing;

namespace VolunteerGrid.Agent.Service;

/// <summary>
/// The agent's options (<see cref="AgentOptionSet"/>) plus <c>--config FILE</c> and <c>--print-config</c>,
/// on one command. A value given on the command line wins over the file, which
/// wins over the option's default. The file is applied by turning its lines into the same options
/// and parsing them with the same command, so the file and the flags cannot disagree on a name,
/// a type or a validation rule.
/// </summary>
public sealed class AgentConfiguration
{
    private readonly Command _command;
    private readonly HashSet<Option> _settings;

    private AgentConfiguration(Command command, AgentOptionSet options, HashSet<Option> settings)
    {
        _command = command;
        _settings = settings;
        Options = options;
    }

    public AgentOptionSet Options { get; }

    public Option<string?> ConfigFile { get; } = new("--config")
    {
        Description = "Configuration file of 'name = value' lines, names as the long options without dashes (e.g. /etc/vgrid-agent/agent.conf); flags win over it",
    };

    public Option<bool> PrintConfig { get; } = new("--print-config")
    {
        Description = "Print the effective configuration (file + flags) with the source of each value, and exit",
    };

    /// <summary>Hidden: the Service Control Manager started this process (Windows service mode).</summary>
    public Option<bool> WindowsService { get; } = new(WindowsServiceInstaller.ServiceFlag) { Hidden = true };

    /// <summary>
    /// Adds the agent's options to <paramref name="command"/>. --coordinator and --data become
    /// optional on the command line because the configuration file may give them; their absence
    /// is reported when the agent is bound (<see cref="EffectiveConfiguration.ToAgentOptions"/>).
    /// </summary>
    public static AgentConfiguration AddTo(Command command)
    {
        var options = new AgentOptionSet();
        var before = command.Options.ToHashSet();
        options.AddTo(command);
        options.Coordinator.Required = false;
        options.Data.Required = false;
        // Settings are the agent's own options; others on the command (install-service's --mode) are not.
        var settings = command.Options.Where(o => !before.Contains(o) && !o.Hidden).ToHashSet();
        var configuration = new AgentConfiguration(command, options, settings);
        command.Options.Add(configuration.ConfigFile);
        command.Options.Add(configuration.PrintConfig);
        command.Options.Add(configuration.WindowsService);
        return configuration;
    }

    /// <summary>Applies the configuration file (if any) under the command line.</summary>
    /// <exception cref="ArgumentException">The file is missing, malformed, or names an unknown setting or a bad value.</exception>
    public EffectiveConfiguration Resolve(ParseResult parse)
    {
        var explicitOptions = _command.Options.Where(o => parse.GetResult(o) is OptionResult { Implicit: false }).ToHashSet();
        var path = parse.GetValue(ConfigFile);
        var file = path is null ? null : AgentConfigFile.Read(path);
        var sources = new Dictionary<Option, string>();
        var tokens = new List<string>();
        foreach (var setting in file?.Settings ?? [])
        {
            var option = FileOption(file!, setting);
            if (explicitOptions.Contains(option))
                continue;
            tokens.Add(option.Name);
            tokens.Add(setting.Value);
            sources[option] = $"{file!.Path} line {setting.Line}";
        }
        foreach (var option in explicitOptions)
        {
            var result = parse.GetResult(option)!;
            tokens.Add(option.Name);
            tokens.AddRange(result.Tokens.Select(t => t.Value));
            sources[option] = EffectiveSetting.CommandLine;
        }
        if (file is not null)
            CheckFileValues(file, explicitOptions);
        var merged = _command.Parse(tokens);
        if (merged.Errors.Count > 0)
        {
            var where = file is null ? "" : $" (command line and {file.Path})";
            throw new ArgumentException($"invalid configuration{where}: {string.Join("; ", merged.Errors.Select(e => e.Message.TrimEnd('.')))}");
        }
        var settings = _command.Options
            .Where(IsSetting)
            .Select(o => new EffectiveSetting(o.Name.TrimStart('-'), Display(merged, o), sources.GetValueOrDefault(o, EffectiveSetting.Default)))
            .ToList();
        return new EffectiveConfiguration(Options, merged, settings, file?.Path);
    }

    private Option FileOption(AgentConfigFile file, AgentConfigSetting setting)
    {
        var option = _command.Options.FirstOrDefault(o => o.Name == "--" + setting.Name);
        if (option is null || !IsSetting(option))
        {
            var known = string.Join(", ", _command.Options.Where(IsSetting).Select(o => o.Name.TrimStart('-')));
            throw new ArgumentException($"{file.Path} line {setting.Line}: unknown setting '{setting.Name}'; known settings: {known}");
        }
        return option;
    }

    /// <summary>Options that are settings (in the file and in --print-config), not actions of this invocation.</summary>
    private bool IsSetting(Option option) => _settings.Contains(option);

    /// <summary>Parses each file value on its own, so a bad one is reported with its file and line.</summary>
    private void CheckFileValues(AgentConfigFile file, HashSet<Option> overridden)
    {
        foreach (var setting in file.Settings)
        {
            var option = FileOption(file, setting);
            if (overridden.Contains(option))
                continue;
            if (_command.Parse([option.Name, setting.Value]).Errors.Count > 0)
                throw new ArgumentException($"{file.Path} line {setting.Line}: '{setting.Value}' is not a valid value for {setting.Name} ({option.Description}); fix or remove the line");
        }
    }

    private static string Display(ParseResult merged, Option option)
    {
        if (merged.GetResult(option) is OptionResult { Implicit: false } given)
            // Several values (--coordinator URL1 --coordinator URL2) in the comma form the option also takes.
            return given.Tokens.Count == 0 ? "true" : string.Join(',', given.Tokens.Select(t => t.Value));
        return option.HasDefaultValue ? Convert.ToString(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture)?.ToLowerInvariant() ?? "" : "";
    }
}
