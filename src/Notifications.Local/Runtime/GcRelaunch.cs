using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Notifications.Local.Runtime;

/// <summary>
/// Runs <c>notify</c> again as a child with a 64 MB gen0 budget when it was started without one. The send allocates
/// about 200 MB/s (HTTP/2 frames and headers both ways, storage responses); on this class of machine the
/// workstation GC's cache-derived gen0 budget is about 2 MB, which measured 16-20 gen0 and 2-6 gen2 collections a
/// second and a third of the wall time in GC pauses. The budget can only be set before the runtime starts, and only
/// by environment (<c>GCgen0size</c> has no runtimeconfig name), hence a child rather than a setting.
/// The child also gets a deeper shared array pool: HTTP/2 rents a 4 KB header buffer per request on the caller's
/// thread and returns it on the connection's writer thread, so with hundreds of requests in flight the default 32
/// arrays per core ran dry and half of all bytes allocated were fresh header buffers (measured: 128 per core cut the
/// bytes allocated per push from 31 KB to 16 KB at 50 ms gateway latency, peak RSS unchanged). Also read only at
/// start, only from the environment.
/// And a 16 MB cap on the gen1 budget: with the 64 MB gen0 budget, what survives a gen0 collection (requests in
/// flight, registry pages being read, chunks being sent) mostly dies soon after, but the GC let gen1 grow to 120-150
/// MB of it between gen1 collections, which set the process's peak (1M users: 504-582 MB). Capped, gen1 stays at
/// 10-40 MB and the peak fell to 455 MB with the send as fast (docs/performance.md).
/// </summary>
internal static partial class GcRelaunch
{
    /// <summary>The variable, and its value: 64 MB.</summary>
    internal const string Variable = "DOTNET_GCgen0size";
    internal const string Value = "0x4000000";

    /// <summary>The shared array pool's depth per core, and its value.</summary>
    internal const string PoolVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";
    internal const string PoolValue = "128";

    /// <summary>The gen1 budget's cap, and its value: 16 MB.</summary>
    internal const string Gen1Variable = "DOTNET_GCGen1MaxBudget";
    internal const string Gen1Value = "0x1000000";

    private const int SigTerm = 15;

    /// <summary>Whether this process should hand over to a child with the budget set.</summary>
    public static bool Needed() =>
        Environment.GetEnvironmentVariable(Variable) is null
        && Environment.GetEnvironmentVariable("COMPlus_GCgen0size") is null
        && OperatingSystem.IsLinux();

    /// <summary>Starts the child on the same arguments and terminal, forwards SIGINT/SIGTERM, returns its exit code.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var start = NotifyStart.For(args);
        start.Environment[Variable] = Value;
        if (Environment.GetEnvironmentVariable(PoolVariable) is null)
        {
            start.Environment[PoolVariable] = PoolValue;
        }

        if (Environment.GetEnvironmentVariable(Gen1Variable) is null)
        {
            start.Environment[Gen1Variable] = Gen1Value;
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start notify");

        // A terminal's Ctrl+C reaches the whole process group, the child included; a signal sent to this process
        // alone (a service manager, a test) is passed on, so the child shuts down as it would have on its own.
        void Forward(PosixSignalContext context)
        {
            context.Cancel = true;
            Terminate(child.Id);
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    /// <summary>Asks a process to stop (SIGTERM), as a service manager would.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
