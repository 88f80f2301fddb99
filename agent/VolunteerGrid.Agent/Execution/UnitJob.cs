using System.Text.Json;

namespace VolunteerGrid.Agent.Execution;

/// <summary>
/// Everything the child process needs to run one unit, written as a small JSON file the child
/// reads (DATA/work/&lt;result&gt;/job.json): the kind, its parameters, verified input paths and
/// the output folder.
/// </summary>
internal sealed record UnitJob(
    string Kind,
    int KindVersion,
    JsonElement Parameters,
    IReadOnlyDictionary<string, string> Inputs,
    string OutputDirectory,
    int Cores,
    int? GpuDevice = null);
