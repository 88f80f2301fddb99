namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Receives one finished output row of a reconstruction (row index, values); rows may arrive in any
/// order and from several threads, each row exactly once. Lets a caller unroll and accumulate a
/// cycle-spin shift straight from the last synthesis pass instead of from a full-size copy.
/// </summary>
internal delegate void RowSink(int row, ReadOnlySpan<double> values);
