using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Shared.Imaging;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>
/// PNG previews of FITS image products: the first image plane, block-averaged down to at most
/// <see cref="MaxSide"/> pixels on its long side while streaming rows (a 4-square-degree mosaic
/// never sits in memory whole), asinh-stretched and encoded as 8-bit grey. Previews are cached by
/// the product's SHA-256 under DATA/previews: content addressing means a cached one is never stale.
/// </summary>
public sealed class PreviewRenderer(FileStore files, CoordinatorOptions options)
{
    public const int MaxSide = 1024;

    private readonly SemaphoreSlim _renderGate = new(1, 1);

    private string CacheDirectory => Path.Combine(options.DataDirectory, "previews");

    public static bool IsFitsName(string name) =>
        name.EndsWith(".fits", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fit", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".fts", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of the preview PNG of the stored FITS file <paramref name="sha256"/> (rendered on first request).</summary>
    /// <exception cref="GridException">400 when the file is not a FITS image.</exception>
    public async Task<string> PathOfPreviewAsync(string sha256, string productName, CancellationToken cancellationToken)
    {
        var cached = Path.Combine(CacheDirectory, sha256 + ".png");
        if (File.Exists(cached))
            return cached;
        // One render at a time: previews are rare and a mosaic read is memory-bandwidth heavy.
        await _renderGate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(cached))
                return cached;
            Directory.CreateDirectory(CacheDirectory);
            var temp = cached + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                // The local copy: with the database file backend the bytes are fetched to local disk first.
                var source = await files.LocalPathAsync(sha256, cancellationToken);
                await Task.Run(() => Render(source, productName, temp), cancellationToken);
                File.Move(temp, cached, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
            return cached;
        }
        finally
        {
            _renderGate.Release();
        }
    }

    private static void Render(string fitsPath, string productName, string pngPath)
    {
        FitsFile fits;
        try
        {
            fits = FitsFile.Open(fitsPath);
        }
        catch (FitsFormatException e)
        {
            throw GridException.BadRequest($"Product '{productName}' is not a readable FITS file ({e.Message}); previews exist for FITS images only.");
        }
        using (fits)
        {
            var hdu = fits.FirstImageIndex;
            if (hdu < 0 || fits[hdu].Axes.Count < 2)
                throw GridException.BadRequest($"Product '{productName}' holds no 2-D image; previews exist for FITS images only.");
            var axes = fits[hdu].Axes;
            var (width, height) = ((int)axes[0], (int)axes[1]);
            var factor = Math.Max(1, (int)Math.Ceiling(Math.Max(width, height) / (double)MaxSide));
            var (small, w, h) = BlockMean(fits, hdu, width, height, factor);
            using var output = new FileStream(pngPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            PngEncoder.WriteGrey8(output, AsinhStretch.ToGrey8(small, w, h), w, h);
        }
    }

    /// <summary>Mean of the finite pixels in each factor × factor block (NaN where a block has none); rows in FITS order.</summary>
    private static (float[] Pixels, int Width, int Height) BlockMean(FitsFile fits, int hdu, int width, int height, int factor)
    {
        var w = (width + factor - 1) / factor;
        var h = (height + factor - 1) / factor;
        var result = new float[w * h];
        var sums = new double[w];
        var counts = new int[w];
        var rows = new float[width * factor];
        for (var by = 0; by < h; by++)
        {
            var y0 = by * factor;
            var n = Math.Min(factor, height - y0);
            fits.ReadRows<float>(hdu, y0, n, rows.AsSpan(0, width * n));
            Array.Clear(sums);
            Array.Clear(counts);
            for (var r = 0; r < n; r++)
            {
                var row = rows.AsSpan(r * width, width);
                for (var x = 0; x < width; x++)
                {
                    var v = row[x];
                    if (float.IsFinite(v))
                    {
                        sums[x / factor] += v;
                        counts[x / factor]++;
                    }
                }
            }
            var target = result.AsSpan(by * w, w);
            for (var bx = 0; bx < w; bx++)
                target[bx] = counts[bx] > 0 ? (float)(sums[bx] / counts[bx]) : float.NaN;
        }
        return (result, w, h);
    }
}
