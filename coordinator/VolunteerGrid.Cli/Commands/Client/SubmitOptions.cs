using System.CommandLine;
using System.Text.Json;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Cli.Commands.Client;

/// <summary>
/// Options every <c>vgrid submit KIND</c> shares (quorum, deadline, priority, visibility, webhook,
/// output format), and the upload-then-submit sequence they all end with.
/// </summary>
public sealed class SubmitOptions
{
    public CoordinatorConnection Connection { get; } = new();

    public Option<int> Quorum { get; } = new("--quorum")
    {
        Description = "Agreeing results each unit needs (replicas on distinct hosts).",
        DefaultValueFactory = _ => 2,
    };

    public Option<bool> AdaptiveReplication { get; } = new("--adaptive-replication")
    {
        Description = "Let hosts with a long run of valid results have a unit accepted alone (random spot checks stay replicated). Off: every result is agreed by --quorum distinct hosts.",
    };

    public Option<double?> Deadline { get; } = new("--deadline") { Description = "Seconds each replica may take before it is re-sent (default: the coordinator's estimate)." };

    public Option<int> Priority { get; } = new("--priority") { Description = "Higher runs first.", DefaultValueFactory = _ => 0 };

    public Option<bool> Public { get; } = new("--public") { Description = "Let every scientist see the campaign and its products." };

    public Option<string?> Webhook { get; } = new("--webhook") { Description = "URL to POST a JSON notice to when the campaign completes or fails." };

    public Option<string?> Name { get; } = new("--name") { Description = "A label shown in 'vgrid status'." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON line with the campaign's id, kind and state instead of the bare id." };

    public void AddTo(Command command)
    {
        Connection.AddTo(command);
        foreach (var option in new Option[] { Quorum, AdaptiveReplication, Deadline, Priority, Public, Webhook, Name, Json })
            command.Options.Add(option);
    }

    /// <summary>Checks the shared options before anything is uploaded, so a typo costs no transfer.</summary>
    public QuorumPolicy Policy(ParseResult parse)
    {
        var quorum = parse.GetValue(Quorum);
        if (quorum is < 1 or > 16)
            throw new CliException($"--quorum {quorum} must be between 1 and 16 (2 is BOINC's usual choice)", ExitCodes.Usage);
        if (parse.GetValue(Deadline) is { } d && !(d > 0 && double.IsFinite(d)))
            throw new CliException($"--deadline {d} must be a positive number of seconds", ExitCodes.Usage);
        if (parse.GetValue(Webhook) is { } hook && !(Uri.TryCreate(hook, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
            throw new CliException($"--webhook '{hook}' is not an absolute http:// or https:// URL", ExitCodes.Usage);
        // Send at least the quorum, and allow the same head-room for disagreements as the coordinator's default policy.
        return new QuorumPolicy(quorum, quorum, Math.Max(6, quorum * 3), 3, parse.GetValue(AdaptiveReplication));
    }

    /// <summary>Uploads <paramref name="files"/> (input name → local path), submits, prints the id; returns the exit code.</summary>
    public async Task<int> SubmitAsync(ParseResult parse, string kind, JsonElement parameters, IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        var policy = Policy(parse);
        foreach (var (name, path) in files)
        {
            if (!File.Exists(path))
                throw new CliException($"input {path} does not exist", ExitCodes.Usage);
        }
        using var client = Connection.Open(parse);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, path) in files)
            inputs[name] = (await client.UploadAsync(path, ct)).Sha256;
        var request = new SubmitCampaignRequest(kind, parameters, inputs, policy, parse.GetValue(Deadline), parse.GetValue(Priority),
            parse.GetValue(Public), parse.GetValue(Webhook), parse.GetValue(Name));
        var summary = await client.SubmitAsync(request, ct);
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(Json))
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, GridJsonContext.Default.CampaignSummary));
        else
            await output.WriteLineAsync(summary.Id);
        return ExitCodes.Ok;
    }
}
