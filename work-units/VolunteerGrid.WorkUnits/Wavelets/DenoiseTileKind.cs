using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;
using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// <c>denoise.tile</c>: denoises one output window of one plane from image.fits (reading only a
/// margin around it, see <see cref="DenoiseTiling"/>) with the whole image's statistics.json, and
/// writes tile.fits (float32, the input header plus the window's place).
/// </summary>
public sealed class DenoiseTileKind : UnitKind<DenoiseTileParameters>
{
    public const string KindName = "denoise.tile";
    public const string Output = "tile.fits";

    /// <summary>Header keywords that place a tile: 0-based plane, first row and first column.</summary>
    public const string PlaneKeyword = "VGPLANE", RowKeyword = "VGROW0", ColKeyword = "VGCOL0";

    public override string Name => KindName;
    public override int Version => 1;
    public override bool GpuCapable => true;
    public override IResultComparer Comparer => DenoiseTileComparer.Instance;
    protected override JsonTypeInfo<DenoiseTileParameters> ParametersJson => WaveletsJson.Default.DenoiseTileParameters;

    protected override void Validate(DenoiseTileParameters p, ICollection<string> errors)
    {
        if (p.Settings is null)
            errors.Add("settings are missing");
        else
            p.Settings.Validate(errors);
        if (p.Hdu < 0 || p.Plane < 0 || p.Row < 0 || p.Col < 0)
            errors.Add("hdu, plane, row and col must be >= 0");
        if (p.Rows < 1 || p.Cols < 1)
            errors.Add($"tile size {p.Rows}×{p.Cols} must be at least 1×1");
    }

    protected override async Task ExecuteAsync(DenoiseTileParameters p, IUnitFiles files, UnitExecutionContext context)
    {
        var image = DenoiseImage.Read(files.InputPath(DenoiseStatsKind.ImageInput), p.Hdu);
        DenoiseStatsOutput stats;
        await using (var json = files.OpenInput(DenoiseStatsKind.Output))
        {
            stats = await JsonSerializer.DeserializeAsync(json, WaveletsJson.Default.DenoiseStatsOutput, context.CancellationToken)
                ?? throw new InvalidDataException($"{DenoiseStatsKind.Output} is empty");
        }
        if (p.Plane >= image.Planes.Count || p.Plane >= stats.Planes.Length)
            throw new InvalidDataException($"plane {p.Plane} does not exist: the image has {image.Planes.Count} plane(s)");
        var window = new TileWindow(p.Row, p.Col, p.Rows, p.Cols);
        var device = DeviceRequest.From(context);
        var tile = DeviceWaveletDenoiser.DenoiseWindow(image.Planes[p.Plane], p.Settings, stats.Planes[p.Plane], window, device, context.ParallelOptions);
        context.DeviceUsed(device.Used);
        var header = image.Header.Clone()
            .Set(PlaneKeyword, p.Plane, "0-based plane of this tile")
            .Set(RowKeyword, p.Row, "0-based first row of this tile")
            .Set(ColKeyword, p.Col, "0-based first column of this tile");
        DenoiseImage.WriteFloat32(files.OutputPath(Output), header, [p.Cols, p.Rows], [tile]);
        context.Progress.Report(1);
    }
}
