namespace VolunteerGrid.Agent.Service;

/// <summary>
/// The agent's configuration file (<c>/etc/vgrid-agent/agent.conf</c> in the Debian package): one
/// <c>name = value</c> per line, where the names are the long options without their dashes
/// (<c>coordinator</c>, <c>cores</c>, <c>memory-mb</c>, <c>idle-only</c>, <c>gpu</c>, ...), <c>#</c>
/// starts a comment line and an empty value means "not set". Plain text on purpose: the systemd
/// generator and the maintainer scripts read the same file with sed.
/// </summary>
internal sealed class AgentConfigFile
{
    private AgentConfigFile(string path, IReadOnlyList<AgentConfigSetting> settings)
    {
        Path = path;
        Settings = settings;
    }

    public string Path { get; }

    /// <summary>The settings with a value, in file order.</summary>
    public IReadOnlyList<AgentConfigSetting> Settings { get; }

    /// <exception cref="ArgumentException">The file is missing or a line is malformed (the message names the file, the line and the fix).</exception>
    public static AgentConfigFile Read(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"--config {path} does not exist: give the agent's configuration file (e.g. /etc/vgrid-agent/agent.conf)");
        return Parse(path, File.ReadAllLines(path));
    }

    public static AgentConfigFile Parse(string path, IReadOnlyList<string> lines)
    {
        var settings = new List<AgentConfigSetting>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new ArgumentException($"{path} line {i + 1}: '{line}' is not 'name = value' (e.g. 'cores = 2')");
            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (name.StartsWith('-') || name.Any(char.IsWhiteSpace))
                throw new ArgumentException($"{path} line {i + 1}: '{name}' is not a setting name: write the option without dashes, e.g. 'memory-mb = 2048'");
            if (!seen.Add(name))
                throw new ArgumentException($"{path} line {i + 1}: '{name}' is set twice: keep one line");
            if (value.Length > 0)
                settings.Add(new AgentConfigSetting(name, value, i + 1));
        }
        return new AgentConfigFile(path, settings);
    }
}
