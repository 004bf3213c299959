using System.Diagnostics;
using System.Globalization;
using Notifications.Local.Folders;
using Notifications.Local.Hosting;
using Notifications.Local.Runtime;

namespace Notifications.Local.Workers;

/// <summary>
/// The <c>notify worker</c> processes a demo runs beside itself on its task hub, ids <c>w2</c>, <c>w3</c>, ... (the
/// demo itself takes partitions as <c>host</c>). They run with <c>--attached</c> on a pipe of ours as standard input, so closing it stops them
/// and they never outlive this process, however it ends. Their activity counts come back through their report files,
/// which survive a worker being killed.
/// </summary>
internal sealed class WorkerChildren : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SpreadTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SpreadPoll = TimeSpan.FromMilliseconds(500);

    private readonly string _data;
    private readonly List<Child> _children = [];

    private WorkerChildren(string data) => _data = data;

    /// <summary>The ids of the children, in order.</summary>
    public IReadOnlyList<string> Ids => [.. _children.Select(c => c.Id)];

    /// <summary>Starts <paramref name="count"/> workers on <paramref name="host"/>'s folder and waits until each has joined.</summary>
    public static async Task<WorkerChildren> StartAsync(LocalHost host, int count, LocalHostOptions options, Action<string> say, CancellationToken cancellationToken)
    {
        var children = new WorkerChildren(host.DataDirectory);
        try
        {
            for (var i = 0; i < count; i++)
            {
                children.Start(host, $"w{i + 2}", options);
            }

            await children.WaitUntilJoinedAsync(cancellationToken);
            foreach (var child in children._children)
            {
                say(string.Create(CultureInfo.InvariantCulture, $"worker {child.Id}: pid {child.Process.Id} joined task hub {host.TaskHub} (log: {child.LogFile})"));
            }

            if (host.PartitionTable is { } partitions)
            {
                say($"partitions: {await WaitUntilSpreadAsync(partitions, count + 1, cancellationToken)}");
            }

            return children;
        }
        catch
        {
            await children.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILLs the first child still running, as a crash or an OOM kill would end it; returns its id and pid.</summary>
    public (string Id, int ProcessId)? KillOne()
    {
        foreach (var child in _children.Where(c => !c.Process.HasExited))
        {
            child.Process.Kill();

            // Dead, not dying: what it published last is then what it had at its end.
            child.Process.WaitForExit();
            return (child.Id, child.Process.Id);
        }

        return null;
    }

    /// <summary>Stops every child (closing its standard input) and returns the activities each ran, in <see cref="Ids"/> order.</summary>
    public async Task<long[]> StopAndCountAsync()
    {
        await StopAsync();
        return [.. _children.Select(c => WorkerReport.Read(_data, c.Id)?.Activities ?? 0)];
    }

    /// <summary>The pushes a child had on the wire and answered but not stored, as it last published them.</summary>
    public (long OnWire, long Unstored)? Unrecorded(string id) => UnrecordedFile.Read(_data, id);

    /// <summary>The longest batch activity each child reported, in seconds (a killed child: up to its last report).</summary>
    public double[] LongestActivities() => [.. _children.Select(c => WorkerReport.Read(_data, c.Id)?.LongestActivitySeconds ?? 0)];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var child in _children)
        {
            child.Process.Dispose();
        }
    }

    private void Start(LocalHost host, string id, LocalHostOptions options)
    {
        WorkerReport.Delete(_data, id);
        var start = NotifyStart.For(
        [
            "worker", "--data", _data, "--id", id, "--attached",
            "--gateways-config", host.ClientConfigFile,
            "--activities", options.MaxConcurrentActivities.ToString(CultureInfo.InvariantCulture),
            "--resume-after", options.WorkItemQueueVisibility.ToString("c", CultureInfo.InvariantCulture),
            "--log-level", options.LogLevel.ToString(),
        ]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        // The links in approval emails a worker sends point at this host's API; a storage account given to the demo
        // goes by environment, not the command line, where any local user could read its key.
        start.Environment["NOTIFY_Approvals__PublicBaseUrl"] = host.ApiUrl.ToString();
        if (options.StorageConnectionString is { } storage)
        {
            start.Environment["NOTIFY_Storage__ConnectionString"] = storage;
        }

        var logFile = Path.Combine(_data, "workers", id + ".log");
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
        var child = new Child(id, process, logFile, log);
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _children.Add(child);
    }

    private async Task WaitUntilJoinedAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        while (_children.Any(c => WorkerReport.Read(_data, c.Id) is not { } report || report.Process.Id != c.Process.Id))
        {
            if (_children.FirstOrDefault(c => c.Process.HasExited) is { } failed)
            {
                throw new LocalFolderException(string.Create(CultureInfo.InvariantCulture,
                    $"worker {failed.Id} exited with code {failed.Process.ExitCode} before joining the task hub; its log: {failed.LogFile}"));
            }

            try
            {
                await Task.Delay(200, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the workers did not join the task hub within {ReadyTimeout.TotalMinutes:0} minutes; their logs are in {Path.Combine(_data, "workers")}");
            }
        }
    }

    /// <summary>
    /// Waits (a while) until the provider has spread the control-queue partitions over all <paramref name="processes"/>:
    /// an orchestration on a partition in transit waits for the move, which would hold up the send's start.
    /// </summary>
    private static async Task<string> WaitUntilSpreadAsync(Azure.Data.Tables.TableClient table, int processes, CancellationToken cancellationToken)
    {
        var owners = (IReadOnlyDictionary<string, int>)new Dictionary<string, int>();
        for (var waited = TimeSpan.Zero; waited < SpreadTimeout; waited += SpreadPoll)
        {
            (owners, var settled) = await PartitionOwners.ReadAsync(table, cancellationToken);
            if (settled && owners.Count >= processes)
            {
                return PartitionOwners.Describe(owners);
            }

            await Task.Delay(SpreadPoll, cancellationToken);
        }

        return $"{PartitionOwners.Describe(owners)} (not yet spread over every process after {SpreadTimeout.TotalSeconds:0}s; starting anyway)";
    }

    private async Task StopAsync()
    {
        foreach (var child in _children.Where(c => !c.Process.HasExited))
        {
            try
            {
                child.Process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It is ending anyway.
            }
        }

        foreach (var child in _children)
        {
            try
            {
                await child.Process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                child.Process.Kill();
                await child.Process.WaitForExitAsync();
            }

            child.CloseLog();
        }
    }

    private sealed class Child(string id, Process process, string logFile, StreamWriter log)
    {
        private readonly Lock _logLock = new();
        private bool _closed;

        public string Id { get; } = id;

        public Process Process { get; } = process;

        public string LogFile { get; } = logFile;

        public void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_logLock)
            {
                if (!_closed)
                {
                    log.WriteLine(line);
                }
            }
        }

        public void CloseLog()
        {
            lock (_logLock)
            {
                if (!_closed)
                {
                    _closed = true;
                    log.Dispose();
                }
            }
        }
    }
}
