namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// A raw frame with its resolved layout and overscan model: the trimmed, overscan-corrected frame
/// without materialising it. Steps that consume it once (a combine, a bias subtraction) produce its
/// rows on demand while they are in cache, instead of writing and re-reading a whole frame.
/// </summary>
internal sealed class PreparedFrame
{
    private readonly float[]? _columnLevels;

    public PreparedFrame(RawFrame frame, CcdLayout layout, OverscanModel overscan)
    {
        if (!layout.Trim.FitsInside(frame.Pixels.Width, frame.Pixels.Height))
            throw new ArgumentException($"trim section {layout.Trim} lies outside the {frame.Pixels.Shape} image", nameof(layout));
        Frame = frame;
        Layout = layout;
        Overscan = overscan;
        _columnLevels = Preprocessing.ColumnLevels(overscan, layout.Trim);
    }

    public RawFrame Frame { get; }

    public CcdLayout Layout { get; }

    public OverscanModel Overscan { get; }

    public int Width => Layout.Trim.Width;

    public int Height => Layout.Trim.Height;

    public string Shape => $"{Width}x{Height}";

    /// <summary>Row <paramref name="y"/> of the trimmed frame: exactly what <see cref="Preprocessing.SubtractOverscanAndTrim"/> writes there.</summary>
    public void TrimmedRow(int y, Span<float> target) =>
        Preprocessing.TrimmedRow(Frame.Pixels, Overscan, _columnLevels, Layout.Trim, y, target);
}
