using System.Text.Json;
using VolunteerGrid.WorkUnits.CcdReduction;
using VolunteerGrid.WorkUnits.FriendsOfFriends;
using VolunteerGrid.WorkUnits.Mosaic;
using VolunteerGrid.WorkUnits.Wavelets;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>
/// The submit forms of the four science campaign kinds, mirroring <c>vgrid submit mosaic|reduce|fof|denoise</c>.
/// Option values are taken from each kind's own serialisation of the typed parameters, and the
/// server validates every submission again (its ProblemDetails message is what the form shows).
/// </summary>
public static class SubmitForms
{
    private const string Fits = ".fits,.fit,.fts";

    public static IReadOnlyList<SubmitForm> All { get; } = [Mosaic(), Reduce(), Fof(), Denoise()];

    private static SubmitForm Mosaic()
    {
        var kind = new MosaicCampaignKind();
        var defaults = kind.ToJson(new MosaicCampaignParameters(BgMatch: true));
        return new SubmitForm(kind.Name, "Mosaic (reproject, match backgrounds, co-add)", defaults,
        [
            new("bgMatch", "Match backgrounds", FormFieldType.Boolean),
            Choice("method", "Reprojection", ["fast", "exact"], v => kind.ToJson(new MosaicCampaignParameters(Method: v)), "method"),
            Choice("coadd", "Co-add", ["mean", "median", "count"], v => kind.ToJson(new MosaicCampaignParameters(Coadd: v)), "coadd"),
            new("tileRows", "Rows per co-add unit", FormFieldType.Integer),
        ],
        [
            new("images", "Input images (FITS)", Multiple: true, Required: true, Fits),
            new("template", "Output template header (.hdr, from vgrid mkhdr)", Multiple: false, Required: true, ".hdr,.txt", FixedName: "template.hdr"),
        ]);
    }

    private static SubmitForm Reduce()
    {
        var kind = new ReduceCampaignKind();
        var defaults = kind.ToJson(new ReduceCampaignParameters());
        return new SubmitForm(kind.Name, "CCD reduction (masters, then science frames)", defaults,
        [
            Choice("Settings.Overscan", "Overscan model", Enum.GetValues<OverscanMode>(),
                v => kind.ToJson(new ReduceCampaignParameters { Settings = new ReductionSettings { Overscan = v } }), "Settings", "Overscan"),
            new("Settings.PolynomialOrder", "Overscan polynomial order", FormFieldType.Integer),
            new("Settings.OverscanSection", "Overscan section [x1:x2,y1:y2]", FormFieldType.Text, Optional: true),
            new("Settings.TrimSection", "Trim section [x1:x2,y1:y2]", FormFieldType.Text, Optional: true),
            new("Settings.Gain", "Gain (e-/ADU)", FormFieldType.Number, Optional: true),
            new("Settings.SaturationAdu", "Saturation (ADU)", FormFieldType.Number, Optional: true),
        ],
        [
            new("bias", "Bias frames", Multiple: true, Required: true, Fits, ParameterPath: "Bias"),
            new("flat", "Flat frames", Multiple: true, Required: true, Fits, ParameterPath: "Flat"),
            new("dark", "Dark frames (optional)", Multiple: true, Required: false, Fits, ParameterPath: "Dark"),
            new("science", "Science frames", Multiple: true, Required: true, Fits, ParameterPath: "Science"),
        ]);
    }

    private static SubmitForm Fof()
    {
        var kind = new FofCampaignKind();
        var defaults = kind.ToJson(new FofCampaignParameters(Box: 0, B: 0.2, Subvolumes: 2));
        return new SubmitForm(kind.Name, "Friends-of-Friends halo finding", defaults,
        [
            new("box", "Box side L (periodic)", FormFieldType.Number),
            new("b", "Linking length b (fraction of mean spacing)", FormFieldType.Number, Optional: true),
            new("linkingLength", "Absolute linking length (instead of b)", FormFieldType.Number, Optional: true),
            new("minMembers", "Smallest group kept", FormFieldType.Integer),
            new("subvolumes", "Subvolumes per axis (K³ units)", FormFieldType.Integer),
        ],
        [
            new("positions", "Particle positions (.npy (N,3) or raw float32 .f32)", Multiple: false, Required: true, ".npy,.f32", NamePrefix: FofFiles.PositionsPrefix),
            new("velocities", "Velocities (optional, same format)", Multiple: false, Required: false, ".npy,.f32", NamePrefix: FofFiles.VelocitiesPrefix),
        ]);
    }

    private static SubmitForm Denoise()
    {
        var kind = new DenoiseCampaignKind();
        var defaults = kind.ToJson(new DenoiseCampaignParameters(Settings: new DenoiseSettings()));
        JsonElement WithSettings(DenoiseSettings s) => kind.ToJson(new DenoiseCampaignParameters(Settings: s));
        return new SubmitForm(kind.Name, "Wavelet denoising (tiled)", defaults,
        [
            Choice("Settings.Wavelet", "Wavelet", Wavelet.Names, v => WithSettings(new DenoiseSettings(Wavelet: v)), "Settings", "Wavelet"),
            Choice("Settings.Method", "Threshold method", Enum.GetValues<ShrinkageMethod>(), v => WithSettings(new DenoiseSettings(Method: v)), "Settings", "Method"),
            Choice("Settings.Mode", "Thresholding", Enum.GetValues<ThresholdMode>(), v => WithSettings(new DenoiseSettings(Mode: v)), "Settings", "Mode"),
            new("Settings.Sigma", "Noise sigma (empty: estimate)", FormFieldType.Number, Optional: true),
            new("Settings.Levels", "Levels (empty: as skimage)", FormFieldType.Integer, Optional: true),
            new("Settings.CycleSpin", "Cycle-spin max shift (0 = off)", FormFieldType.Integer),
            new("Hdu", "HDU", FormFieldType.Integer),
            new("TileSize", "Tile side (pixels)", FormFieldType.Integer),
        ],
        [
            new("image", "Input FITS image", Multiple: false, Required: true, Fits, FixedName: "image.fits"),
        ]);
    }

    /// <summary>A select whose option values are read back from the kind's serialisation of each choice.</summary>
    private static FormField Choice<T>(string path, string label, IEnumerable<T> choices, Func<T, JsonElement> serialise, params string[] jsonPath) =>
        new(path, label, FormFieldType.Select, [.. choices.Select(c => new FormOption(c!.ToString()!, At(serialise(c), jsonPath)))]);

    private static JsonElement At(JsonElement element, string[] path)
    {
        foreach (var name in path)
            element = element.GetProperty(name);
        return element.Clone();
    }
}
