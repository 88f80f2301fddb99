using System.CommandLine;
using VolunteerGrid.Agent.Service;

namespace VolunteerGrid.Agent.Doctor;

/// <summary><c>vgrid-agent doctor</c> (and <c>vgrid agent doctor</c>): the same options as the agent itself.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check the agent's setup (coordinator reachable, pinned certificate, disk space for the cache, OpenCL devices) and say what is wrong; exit 1 on any problem.");
        var configuration = AgentConfiguration.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var effective = configuration.Resolve(parse);
                var inputs = ToInputs(effective);
                var doctor = new AgentDoctor(new DriveDiskSpace(), new ChildProcessOpenClProbe());
                return AgentDoctor.Report(await doctor.RunAsync(inputs, ct), output);
            }
            catch (ArgumentException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"vgrid-agent doctor: error: {e.Message.ReplaceLineEndings(" ")}");
                return 2;
            }
        });
        return command;
    }

    private static DoctorInputs ToInputs(EffectiveConfiguration effective)
    {
        Uri? coordinator = null;
        // With failover replicas, the first one (the agent's first choice) is checked.
        var first = effective.Coordinator?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is not null && !Uri.TryCreate(first, UriKind.Absolute, out coordinator))
            throw new ArgumentException($"coordinator '{first}' is not an absolute http:// or https:// URL, e.g. http://127.0.0.1:5080");
        return new DoctorInputs(coordinator, effective.DataDirectory, effective.ProjectCertificateFile, effective.CacheMb, effective.Gpu, effective.ConfigFile);
    }
}
