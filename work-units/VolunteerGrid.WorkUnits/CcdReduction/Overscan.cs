using VolunteerGrid.WorkUnits.Statistics;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Overscan estimation as ccdproc 2.4 <c>subtract_overscan(median=True[, model=Polynomial1D(order)])</c>
/// does it: the strip's long axis follows the readout, so a strip taller than wide gives one median
/// per row (astropy's overscan_axis = 1) and a wider one one median per column; a polynomial, when
/// asked for, is fitted to those medians (Howell 2006, Handbook of CCD Astronomy, §4.2).
/// </summary>
public static class Overscan
{
    public static OverscanModel Estimate(CcdImage raw, ImageSection section, OverscanMode mode, int polynomialOrder = 1, ParallelOptions? parallel = null)
    {
        if (mode == OverscanMode.None)
            return OverscanModel.Zero(raw.Height);
        if (!section.FitsInside(raw.Width, raw.Height))
            throw new ArgumentException($"overscan section {section} lies outside the {raw.Shape} image", nameof(section));
        var perRow = section.Height >= section.Width;
        var length = perRow ? raw.Height : raw.Width;
        var levels = new double[length];
        Array.Fill(levels, double.NaN);
        var samples = perRow ? section.Width : section.Height;
        var first = perRow ? section.Row0 : section.Column0;
        var count = perRow ? section.Height : section.Width;
        Parallel.For(0, count, parallel ?? new ParallelOptions(), () => (Values: new double[samples], Keys: new int[samples]), (i, _, scratch) =>
        {
            var line = first + i;
            // A row strip is contiguous: an all-finite row (the normal case) goes straight to the
            // branch-free selection; rows with NaN or ±∞ keep the sorting path's rules below.
            if (perRow && BisectionSelect.TryMedianOfAllFinite(raw.ReadRow(line).Slice(section.Column0, samples), scratch.Keys, out var median))
            {
                levels[line] = median;
                return scratch;
            }
            var buffer = scratch.Values;
            for (var s = 0; s < samples; s++)
            {
                buffer[s] = perRow
                    ? raw.Pixels[(line * raw.Width) + section.Column0 + s]
                    : raw.Pixels[((section.Row0 + s) * raw.Width) + line];
            }
            levels[line] = RobustStatistics.MedianBySelection(buffer);
            return scratch;
        }, _ => { });
        if (mode == OverscanMode.Polynomial)
            PolynomialFit.FitInPlace(levels.AsSpan(first, count), polynomialOrder);
        return new OverscanModel(perRow, levels);
    }
}
