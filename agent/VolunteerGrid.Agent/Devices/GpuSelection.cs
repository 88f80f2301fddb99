using System.Globalization;

namespace VolunteerGrid.Agent.Devices;

/// <summary>
/// The volunteer's <c>--gpu</c> choice: <c>auto</c> (the best usable OpenCL device), <c>off</c>
/// (CPU only, and OpenCL is never loaded) or <c>N</c> (OpenCL device N as <c>clinfo -l</c> counts
/// them over all platforms). The configuration file's <c>gpu = true|false</c> means auto and off.
/// </summary>
public readonly record struct GpuSelection(bool Enabled, int? Index)
{
    public static GpuSelection Auto => new(true, null);

    public static GpuSelection Off => new(false, null);

    public static GpuSelection Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t is "auto" or "true")
            return Auto;
        if (t is "off" or "false")
            return Off;
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new GpuSelection(true, n)
            : throw new ArgumentException($"--gpu '{text}' is not valid: use auto, off, or a device number such as 0 (see clinfo -l)");
    }

    public override string ToString() => !Enabled ? "off" : Index is { } i ? i.ToString(CultureInfo.InvariantCulture) : "auto";
}
