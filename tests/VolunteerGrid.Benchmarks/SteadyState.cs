using System.Diagnostics;

namespace VolunteerGrid.Benchmarks;

/// <summary>
/// Warm-up for the in-process side-by-side figures (denoise, reprojection kernel): runs a call until
/// the JIT has settled, at least 3 calls and 1 s of wall time.
/// A fixed 3 calls was not enough on a quiet machine: tiered compilation promotes the hot kernels
/// from a background thread after a 100 ms call-counting delay that restarts with every new tier-0
/// method, so for a denoise at 1024² (≈ 15 ms a call) the 3 warm-ups and the timed runs all finished before
/// tier 1 arrived, and the "best" run still carried tier-0/OSR code (0.040 s CPU instead of
/// ≈ 0.015 s; run-by-run CPU on a 1024² image: 0.113, 0.053, 0.040, then 0.015–0.016 s from the
/// 4th call on). skimage's side is compiled C called from an already imported module, so a
/// steady-state figure for ours is the like-for-like one (the end-to-end column keeps start-up
/// and JIT in).
/// </summary>
internal static class SteadyState
{
    public static void WarmUp(Action call)
    {
        var clock = Stopwatch.StartNew();
        for (var calls = 0; calls < 3 || clock.Elapsed.TotalSeconds < 1; calls++)
            call();
    }
}
