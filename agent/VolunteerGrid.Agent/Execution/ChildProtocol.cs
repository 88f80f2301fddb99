using System.Globalization;

namespace VolunteerGrid.Agent.Execution;

/// <summary>
/// The child's stdout is line-based: <c>progress 0.25</c>, <c>log text</c>, <c>error text</c>.
/// Exit code 0 means the outputs are complete; anything else is a failure.
/// </summary>
internal static class ChildProtocol
{
    public const string Progress = "progress ";
    public const string Log = "log ";
    public const string Error = "error ";
    public const string Device = "device ";
    public const int ExitOk = 0;
    public const int ExitKernelFailed = 1;
    public const int ExitBadJob = 2;

    public static string FormatProgress(double fraction) => Progress + fraction.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseProgress(string line, out double fraction)
    {
        fraction = 0;
        return line.StartsWith(Progress, StringComparison.Ordinal)
            && double.TryParse(line.AsSpan(Progress.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out fraction);
    }

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
