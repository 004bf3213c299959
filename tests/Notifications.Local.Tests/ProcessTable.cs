namespace Notifications.Local.Tests;

/// <summary>The machine's process list, read from /proc: what a test checks for orphans.</summary>
internal static class ProcessTable
{
    /// <summary>Ids of the running Azurite (node) processes listening on <paramref name="blobPort"/>.</summary>
    public static IReadOnlyList<int> AzuritesOn(int blobPort)
    {
        var found = new List<int>();
        foreach (var (id, directory) in Processes())
        {
            try
            {
                // Arguments are NUL-separated; a zombie (ended, not yet collected) has none.
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var at = Array.IndexOf(arguments, "--blobPort");
                if (arguments.Any(a => a.EndsWith("azurite.js", StringComparison.Ordinal)) && at >= 0 && at + 1 < arguments.Length
                    && arguments[at + 1] == blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    found.Add(id);
                }
            }
            catch (IOException)
            {
                // Ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Ids of the running processes whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var found = new List<int>();
        foreach (var (id, directory) in Processes())
        {
            try
            {
                // "pid (comm) state ppid ...": the name may hold spaces, so fields are counted after its ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    found.Add(id);
                }
            }
            catch (IOException)
            {
                // Ended while we looked.
            }
        }

        return found;
    }

    /// <summary>The environment a running process started with.</summary>
    public static IReadOnlyList<string> EnvironmentOf(int id) =>
        File.ReadAllText(Path.Combine("/proc", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every numbered entry of /proc: one per process.</summary>
    private static IEnumerable<(int Id, string Directory)> Processes() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Id: int.TryParse(Path.GetFileName(d), out var id) ? id : -1, Directory: d))
            .Where(p => p.Id > 0);
}
