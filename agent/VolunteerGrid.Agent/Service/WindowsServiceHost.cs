using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace VolunteerGrid.Agent.Service;

/// <summary>
/// The Service Control Manager side of a Windows service, by P/Invoke (no hosting package is
/// available here): the SCM starts vgrid-agent.exe with <see cref="WindowsServiceInstaller.ServiceFlag"/>,
/// the process must connect with StartServiceCtrlDispatcher within 30 s, report RUNNING, and
/// report STOPPED after a stop request. Stop and shutdown abandon the running unit (the
/// coordinator is told and reissues it), as SIGTERM does on Linux.
/// See "Service Programs" in the Win32 documentation (ServiceMain, HandlerEx, SetServiceStatus).
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class WindowsServiceHost
{
    private const int OwnProcess = 0x10;
    private const int Stopped = 1;
    private const int StopPending = 3;
    private const int Running = 4;
    private const int AcceptStopAndShutdown = 0x1 | 0x4;
    private const int ControlStop = 1;
    private const int ControlShutdown = 5;
    private const int NotStartedByScm = 1063;

    private static readonly CancellationTokenSource Stop = new();
    private static Func<CancellationToken, Task<int>>? _run;
    private static nint _handle;
    private static int _exitCode;

    /// <summary>Runs <paramref name="run"/> as the service's body until the SCM stops it; returns its exit code.</summary>
    public static int Run(Func<CancellationToken, Task<int>> run)
    {
        _run = run;
        var name = Marshal.StringToHGlobalUni(WindowsServiceInstaller.ServiceName);
        try
        {
            var table = stackalloc ServiceTableEntry[2];
            table[0] = new ServiceTableEntry { Name = name, Proc = (nint)(delegate* unmanaged<int, nint, void>)&ServiceMain };
            table[1] = default;
            if (StartServiceCtrlDispatcherW(table) == 0)
            {
                var error = Marshal.GetLastPInvokeError();
                throw new ArgumentException(error == NotStartedByScm
                    ? $"{WindowsServiceInstaller.ServiceFlag} is for the Service Control Manager only: run 'vgrid-agent install-service' to register the service"
                    : $"could not connect to the Service Control Manager (Win32 error {error})");
            }
            return _exitCode;
        }
        finally
        {
            Marshal.FreeHGlobal(name);
        }
    }

    [UnmanagedCallersOnly]
    private static void ServiceMain(int argc, nint argv)
    {
        _handle = RegisterServiceCtrlHandlerExW(WindowsServiceInstaller.ServiceName, (nint)(delegate* unmanaged<int, int, nint, nint, int>)&Handler, 0);
        SetState(Running, 0);
        try
        {
            _exitCode = _run!(Stop.Token).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // The SCM shows the exit code; the message goes to the event log through stderr capture.
            Console.Error.WriteLine($"vgrid-agent: error: {e.Message}");
            _exitCode = 1;
        }
        SetState(Stopped, _exitCode);
    }

    [UnmanagedCallersOnly]
    private static int Handler(int control, int eventType, nint eventData, nint context)
    {
        if (control is ControlStop or ControlShutdown)
        {
            SetState(StopPending, 0);
            Stop.Cancel();
        }
        return 0;
    }

    private static void SetState(int state, int exitCode)
    {
        var status = new ServiceStatus
        {
            ServiceType = OwnProcess,
            CurrentState = state,
            ControlsAccepted = state == Running ? AcceptStopAndShutdown : 0,
            Win32ExitCode = exitCode,
            WaitHint = state == StopPending ? 10_000 : 0,
        };
        SetServiceStatus(_handle, &status);
    }

    [LibraryImport("advapi32.dll", SetLastError = true)]
    private static partial int StartServiceCtrlDispatcherW(ServiceTableEntry* table);

    [LibraryImport("advapi32.dll", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial nint RegisterServiceCtrlHandlerExW(string name, nint handler, nint context);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    private static partial int SetServiceStatus(nint handle, ServiceStatus* status);

    [StructLayout(LayoutKind.Sequential)]
    private struct ServiceTableEntry
    {
        public nint Name;
        public nint Proc;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ServiceStatus
    {
        public int ServiceType;
        public int CurrentState;
        public int ControlsAccepted;
        public int Win32ExitCode;
        public int ServiceSpecificExitCode;
        public int CheckPoint;
        public int WaitHint;
    }
}
