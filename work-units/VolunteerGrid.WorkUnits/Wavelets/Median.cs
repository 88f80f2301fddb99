using System.Buffers;
using VolunteerGrid.WorkUnits.Statistics;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>numpy.median semantics (mean of the two middle values for an even count) in O(n).</summary>
internal static class Median
{
    /// <summary>Median of <paramref name="values"/>, which is reordered; NaN when empty.</summary>
    public static double OfInPlace(Span<double> values)
    {
        var n = values.Length;
        if (n == 0)
            return double.NaN;
        var upper = QuickSelect.Select(values, n / 2);
        if ((n & 1) != 0)
            return upper;
        // After selection every value left of n/2 is <= upper; the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        foreach (var v in values[..(n / 2)])
            lower = Math.Max(lower, v);
        return (lower + upper) / 2;
    }

    /// <summary>
    /// median(|v|) over the non-zero <paramref name="values"/> (NaN when there are none), without
    /// copying them: the radix select of <see cref="OfPositiveInPlace"/> run on the magnitudes in
    /// place (histogram of |v|'s top bits, then only the middle buckets' magnitudes are gathered).
    /// The noise estimate of every cycle-spin shift is this median over a quarter of the pixels.
    /// </summary>
    public static double OfMagnitudesOfNonZero(ReadOnlySpan<double> values) =>
        values.Length >= MinimumBracketLength && MagnitudeBracket.TryMedian(values, out var median) ? median : OfMagnitudesByRadix(values);

    /// <summary>Shorter bands are not worth sampling.</summary>
    private const int MinimumBracketLength = 4096;

    /// <summary>The radix select of <see cref="OfMagnitudesOfNonZero"/> (also its fallback when a sampled bracket misses).</summary>
    internal static double OfMagnitudesByRadix(ReadOnlySpan<double> values)
    {
        const int BucketShift = 48;
        const ulong MagnitudeBits = 0x7FFF_FFFF_FFFF_FFFFUL;
        var counts = ArrayPool<int>.Shared.Rent(1 << 16);
        double[]? gathered = null;
        try
        {
            Array.Clear(counts, 0, 1 << 16);
            var n = 0;
            foreach (var v in values)
            {
                if (v == 0)
                    continue;
                counts[(int)((BitConverter.DoubleToUInt64Bits(v) & MagnitudeBits) >> BucketShift)]++;
                n++;
            }
            if (n == 0)
                return double.NaN;
            var upperRank = n / 2;
            var lowerRank = (n & 1) != 0 ? upperRank : upperRank - 1;
            var before = 0;
            var (firstBucket, lastBucket, kept) = BucketsHolding(counts, ref before, lowerRank, upperRank);
            gathered = ArrayPool<double>.Shared.Rent(kept + 1);
            var count = 0;
            var span = (uint)(lastBucket - firstBucket);
            foreach (var v in values)
            {
                // Branch-free: the candidates are a few % of the values in no pattern, so a branch
                // here mispredicts often enough to cost more than the histogram pass.
                var b = (int)((BitConverter.DoubleToUInt64Bits(v) & MagnitudeBits) >> BucketShift);
                gathered[count] = Math.Abs(v);
                count += v != 0 & (uint)(b - firstBucket) <= span ? 1 : 0;
            }
            var candidates = Refine(gathered.AsSpan(0, count), firstBucket, lastBucket, counts, ref before, lowerRank, upperRank);
            return MiddleOf(candidates, before, lowerRank, upperRank);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
            if (gathered is not null)
                ArrayPool<double>.Shared.Return(gathered);
        }
    }

    /// <summary>
    /// A second radix step on the gathered magnitudes (the next 12 bits below the first histogram's
    /// 16) when they span few first-level buckets: a few thousand candidates shrink to a handful
    /// before the exact selection. <paramref name="before"/> (values ranked below the candidates)
    /// is advanced by what is dropped from below.
    /// </summary>
    internal static Span<double> Refine(Span<double> candidates, int firstBucket, int lastBucket, int[] counts, ref int before, int lowerRank, int upperRank)
    {
        const int FineShift = 36;
        const int FineBits = 12;
        var buckets = (lastBucket - firstBucket + 1) << FineBits;
        if (candidates.Length < 256 || buckets > counts.Length)
            return candidates;
        Array.Clear(counts, 0, buckets);
        var origin = firstBucket << FineBits;
        foreach (var v in candidates)
            counts[(int)(BitConverter.DoubleToUInt64Bits(v) >> FineShift) - origin]++;
        var below = before;
        var (first, last, _) = BucketsHolding(counts, ref below, lowerRank, upperRank);
        var span = (uint)(last - first);
        var kept = 0;
        foreach (var v in candidates)
        {
            if ((uint)((int)(BitConverter.DoubleToUInt64Bits(v) >> FineShift) - origin - first) <= span)
                candidates[kept++] = v;
        }
        before = below;
        return candidates[..kept];
    }

    /// <summary>
    /// The same median for values that are all positive (e.g. |d| of non-zero coefficients), in
    /// two cheap passes before the selection: positive IEEE-754 doubles order as their bit patterns,
    /// so a histogram of the top 16 bits (sign, exponent, 4 mantissa bits) finds the buckets holding
    /// the middle ranks, and only those few values are selected exactly (a radix select). Per
    /// cycle-spin shift the noise estimate is one median over a quarter of the pixels; this makes
    /// it a small part of the shift instead of the largest.
    /// </summary>
    public static double OfPositiveInPlace(Span<double> values)
    {
        const int BucketShift = 48;
        var n = values.Length;
        if (n < 4096)
            return OfInPlace(values);
        var counts = ArrayPool<int>.Shared.Rent(1 << 16);
        try
        {
            Array.Clear(counts, 0, 1 << 16);
            foreach (var v in values)
                counts[(int)(BitConverter.DoubleToUInt64Bits(v) >> BucketShift)]++;
            var upperRank = n / 2;
            var lowerRank = (n & 1) != 0 ? upperRank : upperRank - 1;
            var before = 0;
            var (firstBucket, lastBucket, _) = BucketsHolding(counts, ref before, lowerRank, upperRank);
            // Keep only the values of buckets firstBucket..lastBucket: every value dropped below them
            // ranks under lowerRank and every value dropped above ranks over upperRank.
            var kept = 0;
            foreach (var v in values)
            {
                var b = (int)(BitConverter.DoubleToUInt64Bits(v) >> BucketShift);
                if (b >= firstBucket && b <= lastBucket)
                    values[kept++] = v;
            }
            return MiddleOf(values[..kept], before, lowerRank, upperRank);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>
    /// The histogram buckets [First, Last] that hold ranks <paramref name="lowerRank"/> and
    /// <paramref name="upperRank"/>, and how many values they hold. <paramref name="before"/> enters
    /// as the number of values ranked below bucket 0 and leaves as the number ranked below First.
    /// </summary>
    internal static (int First, int Last, int Kept) BucketsHolding(ReadOnlySpan<int> counts, ref int before, int lowerRank, int upperRank)
    {
        var bucket = 0;
        while (before + counts[bucket] <= lowerRank)
            before += counts[bucket++];
        var first = bucket;
        var through = before;
        while (through + counts[bucket] <= upperRank)
            through += counts[bucket++];
        return (first, bucket, through + counts[bucket] - before);
    }

    /// <summary>
    /// The median from the candidates that hold ranks [<paramref name="before"/>, ...): the upper
    /// middle by selection, and for even counts the lower middle as the largest value left of it
    /// (selection leaves only smaller-or-equal values there). Reorders <paramref name="candidates"/>.
    /// </summary>
    internal static double MiddleOf(Span<double> candidates, int before, int lowerRank, int upperRank)
    {
        var upper = QuickSelect.Select(candidates, upperRank - before);
        if (lowerRank == upperRank)
            return upper;
        var lower = double.NegativeInfinity;
        foreach (var v in candidates[..(upperRank - before)])
            lower = Math.Max(lower, v);
        return (lower + upper) / 2;
    }
}
