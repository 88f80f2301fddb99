using VolunteerGrid.Shared.Fits;

namespace VolunteerGrid.WorkUnits.Mosaic;

/// <summary>
/// Streams full-width co-add bands, top to bottom, into one mosaic and one area image, with provenance
/// HISTORY cards. Only one band is in memory at a time, so mosaics larger than RAM assemble.
/// </summary>
public static class MosaicAssembler
{
    public static void Write(IReadOnlyList<(string Tile, string Area)> bands, string mosaicPath, string areaPath, IEnumerable<string> history, CancellationToken cancellationToken = default)
    {
        if (bands.Count == 0)
            throw new InvalidOperationException("mosaic: no co-add bands to assemble");
        var (header, width, height) = Describe(bands);
        foreach (var line in history)
            header.AddHistory(line);
        long[] axes = [width, height];
        WriteOne<float>(bands.Select(b => b.Tile), mosaicPath, axes, header, FitsImageEncoding.Float32, cancellationToken);
        WriteOne<double>(bands.Select(b => b.Area), areaPath, axes, header.Clone(), FitsImageEncoding.Float64, cancellationToken);
    }

    private static (FitsHeader Header, long Width, long Height) Describe(IReadOnlyList<(string Tile, string Area)> bands)
    {
        FitsHeader? first = null;
        long width = 0, height = 0;
        double firstCrpix2 = 0;
        foreach (var (tile, _) in bands)
        {
            using var f = FitsFile.Open(tile);
            var h = f[f.FirstImageIndex];
            if (first is null)
            {
                first = h.Header.Clone();
                width = h.Axes[0];
                firstCrpix2 = h.Header.RequireDouble("CRPIX2", tile);
            }
            else if (h.Axes[0] != width || Math.Abs(h.Header.RequireDouble("CRPIX2", tile) - (firstCrpix2 - height)) > 1e-9)
            {
                throw new InvalidDataException($"{tile}: band does not continue the mosaic (width {h.Axes[0]} vs {width}, or rows out of order)");
            }
            height += h.Axes[1];
        }
        first!.Set("NAXIS2", height);
        return (first, width, height);
    }

    private static void WriteOne<T>(IEnumerable<string> paths, string output, long[] axes, FitsHeader header, FitsImageEncoding encoding, CancellationToken cancellationToken)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var writer = FitsWriter.Create(output);
        var stream = writer.BeginImage(axes, encoding, header);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var f = FitsFile.Open(path);
            stream.Write<T>(f.ReadImage<T>(f.FirstImageIndex).Pixels);
        }
        stream.Complete();
    }
}
