using System.Diagnostics;

namespace Notifications.Local.Folders;

/// <summary>A process id with its start time: an id alone may name a later, unrelated process once the first ended.</summary>
/// <param name="Id">The process id.</param>
/// <param name="StartedAt">When it started (UTC).</param>
internal sealed record ProcessStamp(int Id, DateTimeOffset StartedAt)
{
    // Start times are derived from the boot time, which the runtime recomputes from the wall clock on every read:
    // two reads of one process differ by a little, a later process with the same id by far more.
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    /// <summary>This process.</summary>
    public static ProcessStamp Current()
    {
        using var self = Process.GetCurrentProcess();
        return Of(self);
    }

    /// <summary>The stamp of <paramref name="process"/>.</summary>
    public static ProcessStamp Of(Process process) => new(process.Id, StartOf(process));

    /// <summary>Whether this very process is still running.</summary>
    public bool IsRunning()
    {
        try
        {
            using var process = Process.GetProcessById(Id);
            return !process.HasExited && !IsZombie() && (StartOf(process) - StartedAt).Duration() < Tolerance;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Whether this is the current process.</summary>
    public bool IsCurrent() => Id == Environment.ProcessId && IsRunning();

    /// <summary>
    /// A killed process stays in the table until its parent collects it, and an orphan's new parent may be slow to (or,
    /// as PID 1 of some containers, never): such a process has ended, whatever the table says.
    /// </summary>
    private bool IsZombie()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // "pid (name) S ...": the state follows the last ')' (the name may hold any character).
            var stat = File.ReadAllText($"/proc/{Id}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static DateTimeOffset StartOf(Process process) => new(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
}
