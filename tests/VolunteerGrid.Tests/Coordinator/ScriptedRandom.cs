namespace VolunteerGrid.Tests.Coordinator;

/// <summary>A <see cref="Random"/> that returns the given draws in order, so a test decides each spot check.</summary>
internal sealed class ScriptedRandom(params double[] draws) : Random
{
    private int _next;

    public int Used => _next;

    public override double NextDouble() =>
        _next < draws.Length
            ? draws[_next++]
            : throw new InvalidOperationException($"The test scripted {draws.Length} random draws but dispatch asked for more.");
}
