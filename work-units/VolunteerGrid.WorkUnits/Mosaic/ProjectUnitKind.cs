using System.Text.Json.Serialization.Metadata;
using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;
using VolunteerGrid.WorkUnits.Reprojection;
using VolunteerGrid.WorkUnits.Reprojection.OpenCl;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary><c>mosaic.project</c>: reprojects one image (image.fits) onto the template (template.hdr), as mProject.</summary>
public sealed class ProjectUnitKind : UnitKind<ProjectUnitParameters>
{
    public const string KindName = "mosaic.project";

    public override string Name => KindName;

    public override int Version => 1;

    public override bool GpuCapable => true;

    public override IResultComparer Comparer { get; } = new ProjectedImageComparer(MosaicNames.Projected, MosaicNames.ProjectedArea);

    protected override JsonTypeInfo<ProjectUnitParameters> ParametersJson => MosaicJson.Default.ProjectUnitParameters;

    protected override void Validate(ProjectUnitParameters p, ICollection<string> errors)
    {
        if (!MosaicNames.TryParseMethod(p.Method, out _))
            errors.Add($"method '{p.Method}' is not known; use 'exact' or 'fast'");
        if (p.Hdu is < 0)
            errors.Add("hdu must be >= 0 (0 is the primary HDU)");
    }

    protected override Task ExecuteAsync(ProjectUnitParameters p, IUnitFiles files, UnitExecutionContext context)
    {
        var template = TemplateGrid.Load(files.InputPath(MosaicNames.Template));
        var source = SourceImage.Load(files.InputPath("image.fits"), p.Hdu);
        var device = DeviceRequest.From(context);
        var projected = DeviceReprojector.ReprojectToFootprint(source.Pixels, source.Width, source.Height, source.Wcs, template,
            MosaicNames.Method(p.Method), device, context.ParallelOptions, source.Name);
        context.DeviceUsed(device.Used);
        ProjectedImageFile.Write(files.OutputPath(MosaicNames.Projected), files.OutputPath(MosaicNames.ProjectedArea), template, projected);
        context.Progress.Report(1.0);
        return Task.CompletedTask;
    }
}
