using BenchmarkDotNet.Running;
using VolunteerGrid.Benchmarks.Wcs;

// Run: dotnet run -c Release --project tests/VolunteerGrid.Benchmarks -- --filter '*'
// Side-by-side timing loops used by scripts/ (not BenchmarkDotNet):
if (args is ["wcs-throughput", ..])
    return WcsThroughput.Run(args[1..]);
if (VolunteerGrid.Benchmarks.Wavelets.DenoiseSideBySide.TryRun(args))
    return 0;
if (VolunteerGrid.Benchmarks.CcdReduction.SideBySide.TryRun(args))
    return 0;
if (VolunteerGrid.Benchmarks.Mosaic.ReprojectionSideBySide.TryRun(args))
    return 0;
if (VolunteerGrid.Benchmarks.Mosaic.MosaicStagesSideBySide.TryRun(args))
    return 0;
if (VolunteerGrid.Benchmarks.FriendsOfFriends.FofSideBySide.TryRun(args))
    return 0;
if (VolunteerGrid.Benchmarks.OpenCl.OpenClSideBySide.TryRun(args))
    return 0;
if (VolunteerGrid.Benchmarks.Grid.DispatchProfile.TryRun(args))
    return 0;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
