namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>The finest level shared by the column shifts of a row shift (WaveletTransform2D.ColumnShifts.cs).</summary>
public static partial class WaveletTransform2D
{
    /// <summary>The column shifts of one row shift, as <see cref="ForwardShiftsRow"/> reads them.</summary>
    private sealed class ColumnShiftPlan
    {
        public ColumnShiftPlan(IReadOnlyList<int> columnShifts, int cols, int taps)
        {
            Count = columnShifts.Count;
            Shifts = new int[Count];
            TwoBefore = new int[Count];
            for (var i = 0; i < Count; i++)
            {
                Shifts[i] = RolledRegion.Mod(columnShifts[i], cols);
                Pad = Math.Max(Pad, Shifts[i]);
            }
            // A shift two columns beyond an earlier one reuses that one's row pass (ForwardRowTwoFurther).
            for (var i = 0; i < Count; i++)
            {
                TwoBefore[i] = -1;
                for (var e = 0; e < i && cols % 2 == 0 && cols >= 4 * taps; e++)
                {
                    if (Shifts[e] == Shifts[i] - 2)
                        TwoBefore[i] = e;
                }
            }
        }

        public int Count { get; }

        /// <summary>Each shift modulo the width.</summary>
        public int[] Shifts { get; }

        /// <summary>The largest shift: the unrolled row pass output starts this far in.</summary>
        public int Pad { get; }

        /// <summary>For each shift, the earlier shift two columns before it, or −1.</summary>
        public int[] TwoBefore { get; }
    }

    /// <summary>The finest level's four bands (pooled) and Σd² rows of each column shift of one row shift.</summary>
    private sealed class FinestBands
    {
        public FinestBands(int count, int rows, int cols)
        {
            Bands = new Plane[count * 4];
            for (var i = 0; i < Bands.Length; i++)
                Bands[i] = Plane.Rent(rows, cols, pooled: true);
            Squares = new BandRowSquares[count];
            for (var i = 0; i < count; i++)
                Squares[i] = new BandRowSquares(rows, pooled: true);
        }

        /// <summary>Per shift i: approximation, AD, DA, DD at 4i … 4i + 3.</summary>
        public Plane[] Bands { get; }

        public BandRowSquares[] Squares { get; }

        /// <summary>Row <paramref name="k"/> of every band and Σd² from row <paramref name="fromRow"/> of <paramref name="from"/>.</summary>
        public void CopyRow(int k, FinestBands from, int fromRow)
        {
            for (var b = 0; b < Bands.Length; b++)
                from.Bands[b].Row(fromRow).CopyTo(Bands[b].Row(k));
            for (var i = 0; i < Squares.Length; i++)
                Squares[i].CopyRow(k, from.Squares[i], fromRow);
        }

        /// <summary>
        /// Each shift's decomposition, its coarser levels computed from the finest approximation; a
        /// shift two columns beyond another (<see cref="ColumnShiftPlan.TwoBefore"/>) takes its second
        /// level together with that one (<see cref="ForwardLevelTwoFurther"/>).
        /// </summary>
        public WaveletDecomposition[] Decompositions(Wavelet wavelet, int levels, (int Rows, int Cols) shape, ColumnShiftPlan plan, ParallelOptions options)
        {
            var decompositions = new WaveletDecomposition[Squares.Length];
            var partnerOf = new int[Squares.Length];
            Array.Fill(partnerOf, -1);
            for (var i = 0; i < partnerOf.Length && levels >= 2; i++)
            {
                var e = plan.TwoBefore[i];
                if (e >= 0 && partnerOf[e] < 0 && plan.TwoBefore[e] < 0)
                    (partnerOf[e], partnerOf[i]) = (i, e);
            }
            for (var i = 0; i < decompositions.Length; i++)
            {
                if (decompositions[i] is not null)
                    continue;
                var j = partnerOf[i];
                if (j < 0)
                {
                    decompositions[i] = CoarserLevels(wavelet, levels, shape, Bands[4 * i], Finest(i), pooled: true, options);
                    continue;
                }
                var (a, b) = ForwardLevelTwoFurther(Bands[4 * i], Bands[4 * j], wavelet, pooled: true, options);
                (int, int) approxShape = (Bands[4 * i].Rows, Bands[4 * i].Cols);
                Bands[4 * i].Return();
                Bands[4 * j].Return();
                decompositions[i] = CoarserLevels(wavelet, levels, [shape, approxShape], [Finest(i), a.Detail], a.Approx, pooled: true, options);
                decompositions[j] = CoarserLevels(wavelet, levels, [shape, approxShape], [Finest(j), b.Detail], b.Approx, pooled: true, options);
            }
            return decompositions;
        }

        private WaveletLevel Finest(int i) => new(Bands[(4 * i) + 1], Bands[(4 * i) + 2], Bands[(4 * i) + 3]) { Squares = Squares[i] };
    }
}
