using System.CommandLine;
using VolunteerGrid.WorkUnits.CcdReduction;

namespace VolunteerGrid.Cli.Commands.Client;

/// <summary><c>vgrid submit reduce --bias .. --flat .. SCIENCE..</c>: the grid version of <c>vgrid reduce</c> (masters, then science per CCD).</summary>
public static class SubmitReduceCommand
{
    public static Command Create()
    {
        var options = new SubmitOptions();
        var reduction = new ReduceOptionSet();
        var command = new Command("reduce", "Submit a CCD-reduction campaign for one night.");
        reduction.AddTo(command);
        options.AddTo(command);
        CliAction.Set(command, (parse, ct) =>
        {
            var (parameters, paths) = reduction.Read(parse);
            var kind = new ReduceCampaignKind();
            return options.SubmitAsync(parse, kind.Name, kind.ToJson(parameters), paths, ct);
        });
        return command;
    }
}
