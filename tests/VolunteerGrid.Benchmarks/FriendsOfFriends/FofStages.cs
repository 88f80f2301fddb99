using System.Globalization;
using VolunteerGrid.WorkUnits.FriendsOfFriends;

namespace VolunteerGrid.Benchmarks.FriendsOfFriends;

/// <summary>
/// Stage profile of <see cref="FofKernel"/>: reads the snapshot once, warms the kernel up
/// (<see cref="SteadyState"/>), then runs it REPEATS times with a <see cref="FofStageTimes"/>
/// recorder and prints, per stage, the best wall and the best process CPU seconds over the runs
/// (THREADS = 1, the default, profiles the stages single-threaded, free of thread-pool overhead).
/// Usage: fof-stages POSITIONS.npy BOX LINKING_LENGTH REPEATS [THREADS].
/// </summary>
public static class FofStages
{
    public static bool TryRun(string[] args)
    {
        if (args.Length < 5 || args[0] != "fof-stages")
            return false;
        var box = double.Parse(args[2], CultureInfo.InvariantCulture);
        var linkingLength = double.Parse(args[3], CultureInfo.InvariantCulture);
        var repeats = int.Parse(args[4], CultureInfo.InvariantCulture);
        var options = new ParallelOptions { MaxDegreeOfParallelism = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1 };
        var positions = ParticleFile.ReadPositions(args[1], Path.GetFileName(args[1]), box, Console.Error.WriteLine);
        var xyz = positions.Single ?? throw new ArgumentException("fof-stages profiles float32 snapshots only", nameof(args));
        var labels = FofKernel.Link<float>(xyz, box, linkingLength, options);
        SteadyState.WarmUp(() => labels = FofKernel.Link<float>(xyz, box, linkingLength, options));
        var names = new List<string>();
        var bestWall = new Dictionary<string, double>();
        var bestCpu = new Dictionary<string, double>();
        double bestTotalWall = double.MaxValue, bestTotalCpu = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            GC.Collect();
            var stages = new FofStageTimes();
            labels = FofKernel.Link<float>(xyz, box, linkingLength, options, stages);
            bestTotalWall = Math.Min(bestTotalWall, stages.Stages.Sum(s => s.WallSeconds));
            bestTotalCpu = Math.Min(bestTotalCpu, stages.Stages.Sum(s => s.CpuSeconds));
            foreach (var stage in stages.Stages)
            {
                if (!bestWall.ContainsKey(stage.Name))
                {
                    names.Add(stage.Name);
                    bestWall[stage.Name] = bestCpu[stage.Name] = double.MaxValue;
                }
                bestWall[stage.Name] = Math.Min(bestWall[stage.Name], stage.WallSeconds);
                bestCpu[stage.Name] = Math.Min(bestCpu[stage.Name], stage.CpuSeconds);
            }
        }
        GC.KeepAlive(labels);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"stage",-36} {"wall s",8} {"CPU s",8}   (best of {repeats}, {options.MaxDegreeOfParallelism} thread(s))"));
        foreach (var name in names)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {bestWall[name],8:F4} {bestCpu[name],8:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total (best run)",-36} {bestTotalWall,8:F4} {bestTotalCpu,8:F4}"));
        return true;
    }
}
