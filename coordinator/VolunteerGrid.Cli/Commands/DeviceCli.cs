using System.CommandLine;
using VolunteerGrid.WorkUnits.Contract;
using VolunteerGrid.WorkUnits.OpenCl;

namespace VolunteerGrid.Cli.Commands;

/// <summary>
/// <c>--device cpu|opencl|auto</c> for the standalone kernel commands: auto (the default) uses
/// OpenCL when a usable device exists and the CPU otherwise; opencl without one is a one-line error
/// saying why (no loader, no driver, no fp64).
/// </summary>
public static class DeviceCli
{
    public static Option<string> Option()
    {
        var option = new Option<string>("--device")
        {
            Description = "Where the kernel runs: cpu, opencl (fails if no usable OpenCL device) or auto (OpenCL when usable, else CPU).",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("cpu", "opencl", "auto");
        return option;
    }

    /// <summary>The request for this run; its notes (fallbacks) go to <paramref name="output"/>.</summary>
    public static DeviceRequest Request(ParseResult parse, Option<string> option, TextWriter output)
    {
        var device = parse.GetValue(option) switch
        {
            "cpu" => ComputeDevice.Cpu,
            "opencl" => ComputeDevice.OpenCl,
            _ => ComputeDevice.Auto,
        };
        return new DeviceRequest(device, log: line => output.WriteLine($"note: {line}"));
    }

    /// <summary>Runs a kernel, turning OpenCL failures into one clear line.</summary>
    public static T Run<T>(Func<T> kernel)
    {
        try
        {
            return kernel();
        }
        catch (OpenClUnavailableException e)
        {
            throw new CliException(e.Message, ExitCodes.Unavailable);
        }
        catch (OpenClException e)
        {
            throw new CliException($"OpenCL: {e.Message}; run with --device cpu to use the CPU kernels", ExitCodes.Failure);
        }
    }

    /// <summary>"cpu" or the OpenCL device that did the work, for the command's summary line.</summary>
    public static string Describe(DeviceRequest request) =>
        request.Used is { } d ? $"opencl ({d.Describe()})" : "cpu";
}
