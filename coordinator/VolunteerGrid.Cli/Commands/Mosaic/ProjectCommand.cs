using System.CommandLine;
using VolunteerGrid.WorkUnits.Reprojection;
using VolunteerGrid.WorkUnits.Reprojection.OpenCl;

namespace VolunteerGrid.Cli.Commands.Mosaic;

/// <summary><c>vgrid project IN OUT TEMPLATE</c>: reprojects one image onto a template's grid (mProject / mProjectPP).</summary>
public static class ProjectCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("IN") { Description = "Input FITS image with a celestial WCS." };
        var output = new Argument<FileInfo>("OUT") { Description = "Output FITS; OUT_area.fits is written beside it." };
        var template = new Argument<FileInfo>("TEMPLATE") { Description = "Montage-style .hdr template of the output grid." };
        var method = MosaicCli.MethodOption();
        var hdu = new Option<int?>("--hdu") { Description = "HDU to read (0 = primary; default: the first image HDU)." };
        var device = DeviceCli.Option();
        var command = new Command("project", "Reproject an image onto a template grid, preserving surface brightness; writes OUT and OUT_area cut to the input's footprint.")
        {
            input, output, template, method, hdu, device,
        };
        CliAction.Set(command, (parse, ct) =>
        {
            var inFile = parse.GetValue(input)!;
            MosaicCli.RequireFile(inFile, "input image");
            var grid = MosaicCli.Template(parse.GetValue(template)!);
            var requested = MosaicCli.Method(parse.GetValue(method)!);
            if (parse.GetValue(hdu) is < 0)
                throw new CliException("--hdu must be 0 or more", ExitCodes.Usage);
            var source = SourceImage.Load(inFile.FullName, parse.GetValue(hdu));
            var used = Reprojector.ResolveMethod(requested, source.Wcs, source.Width, source.Height, grid);
            var request = DeviceCli.Request(parse, device, parse.InvocationConfiguration.Output);
            var projected = DeviceCli.Run(() => DeviceReprojector.ReprojectToFootprint(source.Pixels, source.Width, source.Height, source.Wcs, grid, requested,
                request, MosaicCli.Parallel(null, ct), inFile.FullName));
            var outPath = parse.GetValue(output)!.FullName;
            var areaPath = ProjectedImageFile.AreaPathFor(outPath);
            ProjectedImageFile.Write(outPath, areaPath, grid, projected, [$"vgrid project {Path.GetFileName(inFile.FullName)} method {used.ToString().ToLowerInvariant()}"]);
            var o = parse.InvocationConfiguration.Output;
            if (used != requested)
                o.WriteLine($"note: fast method's error bound exceeds {FastMethodCheck.MaxRelativeAreaError:R} for {source.Wcs.Projection}→{grid.Wcs.Projection}; used exact");
            if (projected.IsBlank)
                o.WriteLine($"warning: {inFile.FullName} has no valid pixels; the output is blank");
            o.WriteLine($"{outPath} {projected.Window.Width}x{projected.Window.Height} at template pixel ({projected.Window.X0 + 1}, {projected.Window.Y0 + 1}), method {used.ToString().ToLowerInvariant()}, on {DeviceCli.Describe(request)}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
