using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Science reduction of one raw CCD in a single pass over its pixels:
/// out = ((raw − overscan) − bias − t·dark) / flat × gain, on the trim section, the same sequence
/// as ccdproc's subtract_overscan, trim_image, subtract_bias, subtract_dark(scale=True),
/// flat_correct(norm_value=1) and gain_correct. The mask flags bad-map pixels, raw values at or
/// above saturation, and pixels with no valid result (NaN raw, flat ≤ 0), whose value is NaN.
/// </summary>
public static class ScienceReducer
{
    public static ReducedFrame Reduce(
        CcdImage raw, OverscanModel overscan, ImageSection trim, CcdMasters masters, ScienceCalibration calibration,
        string source, ParallelOptions? parallel = null)
    {
        if (!trim.FitsInside(raw.Width, raw.Height))
            throw new CcdInputException($"{source}: trim section {trim} lies outside the {raw.Shape} image; fix TRIMSEC/DATASEC or pass --trim-section");
        masters.EnsureShape(trim.Width, trim.Height, source);
        Preprocessing.EnsureCovers(overscan, trim, source);
        var width = trim.Width;
        var data = new CcdImage(width, trim.Height);
        var mask = GC.AllocateUninitializedArray<byte>(data.Length); // FlagRow writes every byte
        var gain = (float)(calibration.Gain ?? 1.0);
        var darkScale = (float)calibration.ExposureSeconds;
        var saturation = calibration.SaturationAdu is { } s ? (float)s : float.PositiveInfinity;
        float[]? columnLevels = overscan.PerRow ? null : [.. Enumerable.Range(trim.Column0, width).Select(x => (float)overscan.Levels[x])];
        Parallel.For(0, trim.Height, parallel ?? new ParallelOptions(), y =>
        {
            var rawRow = raw.ReadRow(trim.Row0 + y).Slice(trim.Column0, width);
            var rowLevel = overscan.PerRow ? (float)overscan.Levels[trim.Row0 + y] : 0f;
            var output = data.Row(y);
            CalibrateRow(rawRow, rowLevel, columnLevels, masters.Bias.ReadRow(y), masters.DarkRate is null ? default : masters.DarkRate.ReadRow(y),
                darkScale, masters.Flat.ReadRow(y), gain, output);
            FlagRow(rawRow, masters.Flat.ReadRow(y), masters.BadPixels.AsSpan(y * width, width), saturation, output, mask.AsSpan(y * width, width));
        });
        return new ReducedFrame(data, mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CalibrateRow(
        ReadOnlySpan<float> raw, float rowLevel, float[]? columnLevels, ReadOnlySpan<float> bias, ReadOnlySpan<float> dark,
        float darkScale, ReadOnlySpan<float> flat, float gain, Span<float> output)
    {
        var x = 0;
        var hasDark = !dark.IsEmpty;
        if (Vector.IsHardwareAccelerated)
        {
            var level = new Vector<float>(rowLevel);
            var scale = new Vector<float>(darkScale);
            var g = new Vector<float>(gain);
            for (; x + Vector<float>.Count <= raw.Length; x += Vector<float>.Count)
            {
                var v = new Vector<float>(raw[x..]) - (columnLevels is null ? level : new Vector<float>(columnLevels, x));
                v -= new Vector<float>(bias[x..]);
                if (hasDark)
                    v -= scale * new Vector<float>(dark[x..]);
                (v / new Vector<float>(flat[x..]) * g).CopyTo(output[x..]);
            }
        }
        for (; x < raw.Length; x++)
        {
            var v = raw[x] - (columnLevels is null ? rowLevel : columnLevels[x]);
            v -= bias[x];
            if (hasDark)
                v -= darkScale * dark[x];
            output[x] = v / flat[x] * gain;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FlagRow(ReadOnlySpan<float> raw, ReadOnlySpan<float> flat, ReadOnlySpan<byte> badPixels, float saturation, Span<float> output, Span<byte> mask)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
            x = FlagCleanChunks(raw, flat, badPixels, saturation, output, mask);
        FlagScalar(raw, flat, badPixels, saturation, output, mask, x, raw.Length);
    }

    /// <summary>
    /// Eight pixels at a time: where none is saturated or without data (nearly every chunk), the mask
    /// is just the bad-pixel bit, formed for all eight bytes at once; other chunks go to the scalar
    /// rules. Returns the first index left for the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FlagCleanChunks(ReadOnlySpan<float> raw, ReadOnlySpan<float> flat, ReadOnlySpan<byte> badPixels, float saturation, Span<float> output, Span<byte> mask)
    {
        var limit = Vector256.Create(saturation);
        var exponent = Vector256.Create(0x7F80_0000u);
        var x = 0;
        for (; x + 8 <= raw.Length; x += 8)
        {
            var saturated = Vector256.GreaterThanOrEqual(Vector256.Create(raw[x..]), limit);
            var responds = Vector256.GreaterThan(Vector256.Create(flat[x..]), Vector256<float>.Zero);
            // A float is finite unless its exponent bits are all ones (Inf, NaN).
            var finite = ~Vector256.Equals(Vector256.Create(output[x..]).AsUInt32() & exponent, exponent).AsSingle();
            var clean = (~saturated & responds & finite).AsUInt32();
            if (clean != Vector256<uint>.AllBitsSet)
            {
                FlagScalar(raw, flat, badPixels, saturation, output, mask, x, x + 8);
                continue;
            }
            // 1 in each byte whose bad-pixel byte is non-zero (MaskFlags.BadPixel = 1), 0 elsewhere.
            var bad = BinaryPrimitives.ReadUInt64LittleEndian(badPixels[x..]);
            var nonZero = (((bad & 0x7F7F_7F7F_7F7F_7F7FUL) + 0x7F7F_7F7F_7F7F_7F7FUL) | bad) & 0x8080_8080_8080_8080UL;
            BinaryPrimitives.WriteUInt64LittleEndian(mask[x..], nonZero >> 7);
        }
        return x;
    }

    private static void FlagScalar(ReadOnlySpan<float> raw, ReadOnlySpan<float> flat, ReadOnlySpan<byte> badPixels, float saturation, Span<float> output, Span<byte> mask, int from, int to)
    {
        for (var x = from; x < to; x++)
        {
            var m = MaskFlags.None;
            if (badPixels[x] != 0)
                m |= MaskFlags.BadPixel;
            if (raw[x] >= saturation)
                m |= MaskFlags.Saturated;
            if (!(flat[x] > 0) || !float.IsFinite(output[x]))
            {
                m |= MaskFlags.NoData;
                output[x] = float.NaN;
            }
            mask[x] = (byte)m;
        }
    }
}
