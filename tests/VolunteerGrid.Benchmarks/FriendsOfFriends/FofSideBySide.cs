using System.Diagnostics;
using System.Globalization;
using VolunteerGrid.WorkUnits.FriendsOfFriends;

namespace VolunteerGrid.Benchmarks.FriendsOfFriends;

/// <summary>
/// The in-process half of scripts/fof-vs-scipy.sh: reads the snapshot once, links it until the JIT
/// has settled (<see cref="SteadyState"/>; thread pool too), then times <see cref="FofKernel"/> REPEATS times on all cores and prints
/// the best wall seconds and the best CPU seconds (user + sys of the whole process over the linking
/// alone) as key=value lines. CPU seconds are the per-core figure on a shared machine, and they
/// leave out start-up, JIT and file I/O just as scipy's own timing leaves out the interpreter and
/// np.load. Usage: fof-side-by-side POSITIONS.npy BOX LINKING_LENGTH REPEATS [THREADS].
/// </summary>
public static class FofSideBySide
{
    public static bool TryRun(string[] args)
    {
        // The stage profile lives beside this loop; dispatching it here keeps Program.cs (shared by
        // every area's benchmarks) untouched.
        if (FofStages.TryRun(args))
            return true;
        if (args.Length < 5 || args[0] != "fof-side-by-side")
            return false;
        var box = double.Parse(args[2], CultureInfo.InvariantCulture);
        var linkingLength = double.Parse(args[3], CultureInfo.InvariantCulture);
        var repeats = int.Parse(args[4], CultureInfo.InvariantCulture);
        var options = new ParallelOptions { MaxDegreeOfParallelism = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1 };
        var positions = ParticleFile.ReadPositions(args[1], Path.GetFileName(args[1]), box, Console.Error.WriteLine);
        var labels = positions.Link(box, linkingLength, options);
        SteadyState.WarmUp(() => labels = positions.Link(box, linkingLength, options));
        double wall = double.MaxValue, cpu = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            GC.Collect();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            labels = positions.Link(box, linkingLength, options);
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            cpu = Math.Min(cpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
        }
        GC.KeepAlive(labels);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel_wall_seconds={wall:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel_cpu_seconds={cpu:F4}"));
        return true;
    }
}
