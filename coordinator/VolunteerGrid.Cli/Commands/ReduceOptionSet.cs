using System.CommandLine;
using VolunteerGrid.WorkUnits.CcdReduction;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Cli.Commands;

/// <summary>
/// The frames and settings of a CCD reduction, shared by <c>vgrid reduce</c> (local) and
/// <c>vgrid submit reduce</c> (grid) so the two cannot drift apart.
/// </summary>
public sealed class ReduceOptionSet
{
    public Option<string[]> Bias { get; } = Files("--bias", "Raw bias frames (multi-extension or single-CCD FITS); two or more give a read-noise estimate.", required: true);

    public Option<string[]> Flat { get; } = Files("--flat", "Raw flat frames; grouped by FILTER, one master flat per CCD and filter.", required: true);

    public Option<string[]> Dark { get; } = Files("--dark", "Raw dark frames (optional); the master dark is scaled by EXPTIME.", required: false);

    public Option<string> Overscan { get; } = new("--overscan") { Description = "Overscan model: row-median, polynomial or none.", DefaultValueFactory = _ => "row-median" };

    public Option<int> OverscanOrder { get; } = new("--overscan-order") { Description = "Polynomial order for --overscan polynomial.", DefaultValueFactory = _ => 3 };

    public Option<string?> OverscanSection { get; } = new("--overscan-section") { Description = "Overscan section '[x1:x2,y1:y2]' when BIASSEC is absent or wrong." };

    public Option<string?> TrimSection { get; } = new("--trim-section") { Description = "Data section '[x1:x2,y1:y2]' when TRIMSEC/DATASEC are absent or wrong." };

    public Option<double?> Gain { get; } = new("--gain") { Description = "Gain in e-/ADU for every CCD, replacing GAIN." };

    public Option<double?> Saturation { get; } = new("--saturation") { Description = "Raw saturation level in ADU, replacing SATURATE." };

    public Argument<string[]> Science { get; } = new("science") { Description = "Raw science frames to reduce.", Arity = ArgumentArity.OneOrMore };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Bias, Flat, Dark, Overscan, OverscanOrder, OverscanSection, TrimSection, Gain, Saturation })
            command.Options.Add(option);
        command.Arguments.Add(Science);
    }

    /// <summary>The validated parameters, and each input's file name mapped to its full path.</summary>
    public (ReduceCampaignParameters Parameters, IReadOnlyDictionary<string, string> Paths) Read(ParseResult parse)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] Register(string[]? files) => [.. (files ?? []).Select(f => AddInput(paths, f))];
        var parameters = new ReduceCampaignParameters
        {
            Bias = Register(parse.GetValue(Bias)),
            Flat = Register(parse.GetValue(Flat)),
            Dark = Register(parse.GetValue(Dark)),
            Science = Register(parse.GetValue(Science)),
            Settings = new ReductionSettings
            {
                Overscan = ParseOverscan(parse.GetValue(Overscan)!),
                PolynomialOrder = parse.GetValue(OverscanOrder),
                OverscanSection = parse.GetValue(OverscanSection),
                TrimSection = parse.GetValue(TrimSection),
                Gain = parse.GetValue(Gain),
                SaturationAdu = parse.GetValue(Saturation),
            },
        };
        var errors = new List<string>();
        parameters.Validate(errors);
        if (errors.Count > 0)
            throw new CliException(string.Join("; ", errors), ExitCodes.Usage);
        return (parameters, paths);
    }

    private static Option<string[]> Files(string name, string description, bool required) =>
        new(name) { Description = description, Required = required, AllowMultipleArgumentsPerToken = true, Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore };

    /// <summary>Inputs are named by file name inside work units, so two frames with one name would collide.</summary>
    private static string AddInput(Dictionary<string, string> paths, string file)
    {
        if (!File.Exists(file))
            throw new CliException($"input file '{file}' does not exist; check the path", ExitCodes.Usage);
        var name = Path.GetFileName(file);
        if (!UnitFileNames.IsValid(name))
            throw new CliException($"input file name '{name}' must use letters, digits, '.', '_' and '-' only (it names the file inside work units); rename it", ExitCodes.Usage);
        var full = Path.GetFullPath(file);
        if (paths.TryGetValue(name, out var other) && other != full)
            throw new CliException($"{full} and {other} share the name '{name}'; every bias, dark, flat and science file needs a distinct file name, so rename one", ExitCodes.Usage);
        paths[name] = full;
        return name;
    }

    private static OverscanMode ParseOverscan(string text) => text.ToLowerInvariant() switch
    {
        "row-median" or "median" => OverscanMode.RowMedian,
        "polynomial" or "poly" => OverscanMode.Polynomial,
        "none" => OverscanMode.None,
        _ => throw new CliException($"--overscan '{text}' is not a model; use row-median, polynomial or none", ExitCodes.Usage),
    };
}
