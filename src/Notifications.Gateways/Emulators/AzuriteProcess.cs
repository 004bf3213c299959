using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Gateways.Emulators;

/// <summary>
/// Azurite, the Azure Storage emulator, run as a child process on loopback ports (installed from npm into
/// <c>.tools/azurite</c> on first use). The tests start one on free ports; the local host starts one on the ports its
/// data folder remembers, or adopts the one it started before a crash.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The Azurite version installed when missing.</summary>
    public const string Version = "3.37.0";

    /// <summary>Azurite's well-known development account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Azurite runs detached from our pipes so that it outlives a killed process (the next run adopts it), which also
    // means nothing ends it when this process ends normally without disposing it (Main returning at a signal's
    // deadline, say): these are ended at process exit.
    private static readonly HashSet<Process> Owned = [];
    private static readonly Lock OwnedLock = new();

    private const int StartTimeoutSeconds = 90;

    private readonly Process? _process;

    static AzuriteProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillOwned();

    private AzuriteProcess(Process? process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        if (process is not null)
        {
            lock (OwnedLock)
            {
                Owned.Add(process);
            }
        }
    }

    /// <summary>Blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>Queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>Table service port.</summary>
    public int TablePort { get; }

    /// <summary>The node process this object owns (and ends when disposed).</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>When that process started, which tells it apart from a later process given the same id.</summary>
    public DateTimeOffset ProcessStartedAt => _process is null ? default : new DateTimeOffset(_process.StartTime.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>A connection string for the emulator's development account.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The connection string of an Azurite on the given ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite. Ports of 0 are picked free; a fixed port already taken fails with
    /// <see cref="AddressInUseException"/> (nothing already listening is ever used in its place).
    /// </summary>
    /// <param name="location">Data folder; null keeps everything in memory.</param>
    /// <param name="blobPort">Blob port.</param>
    /// <param name="queuePort">Queue port.</param>
    /// <param name="tablePort">Table port.</param>
    /// <param name="log">Progress messages (installation).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<AzuriteProcess> StartAsync(
        string? location = null, int blobPort = 0, int queuePort = 0, int tablePort = 0,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        // A free port can be taken by someone else (another test process, an outgoing connection's ephemeral port)
        // between the pick and Azurite's bind: Azurite then exits with EADDRINUSE. Picked ports get fresh ones and
        // another try; fixed ports are the caller's to sort out.
        var picked = blobPort == 0 || queuePort == 0 || tablePort == 0;
        for (var attempt = 1; ; attempt++)
        {
            var free = FreePorts.Distinct(6).Where(p => p != blobPort && p != queuePort && p != tablePort).ToArray();
            var (blob, queue, table) = (blobPort > 0 ? blobPort : free[0], queuePort > 0 ? queuePort : free[1], tablePort > 0 ? tablePort : free[2]);
            try
            {
                return await StartOnceAsync(location, blob, queue, table, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AddressInUseException) when (picked && attempt < 5)
            {
                // Fresh ports, next try.
            }
        }
    }

    private static async Task<AzuriteProcess> StartOnceAsync(
        string? location, int blobPort, int queuePort, int tablePort, Action<string>? log, CancellationToken cancellationToken)
    {
        var script = await EnsureInstalledAsync(log, cancellationToken).ConfigureAwait(false);

        // Through sh so Azurite writes to a log file, not to pipes of ours: if this process is killed, Azurite
        // (and the data it holds in memory) lives on for the next run to reuse.
        var logFile = Path.Combine(location ?? Path.GetTempPath(), $"azurite-{blobPort}.log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.Environment["AZURITE_LOG"] = logFile;
        foreach (var arg in new[]
                 {
                     "-c", "exec \"$0\" \"$@\" >>\"$AZURITE_LOG\" 2>&1", "node",

                     // Azurite keeps every table in the V8 heap; node's default limit (a few GB) is reached near half a
                     // million registry rows.
                     "--max-old-space-size=16384",
                     script, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var logStart = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for Azurite");
        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort);
        // Node loads Azurite's few thousand modules in a few seconds, or in far more on a machine busy with parallel
        // builds and test runs (each starting Azurites of its own): a generous bound, reached only by a real hang.
        for (var i = 0; i < StartTimeoutSeconds * 10; i++)
        {
            var written = ReadLog(logFile, logStart);
            if (process.HasExited)
            {
                throw written.Contains("EADDRINUSE", StringComparison.Ordinal)
                    ? new AddressInUseException($"Azurite could not bind its ports: {written}")
                    : new InvalidOperationException($"Azurite exited with code {process.ExitCode} at start: {written}");
            }

            // Its own log, not a successful connect: something else may be listening on a port Azurite failed to take.
            // Each service by name: with one port given twice, one service's line must not stand for the other's.
            if (new[] { ("Blob", blobPort), ("Queue", queuePort), ("Table", tablePort) }.All(s =>
                    written.Contains($"Azurite {s.Item1} service is successfully listening at http://127.0.0.1:{s.Item2}", StringComparison.Ordinal)))
            {
                return azurite;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await azurite.DisposeAsync();
        throw new TimeoutException($"Azurite did not listen on {blobPort}/{queuePort}/{tablePort} within {StartTimeoutSeconds} s: {ReadLog(logFile, logStart)}");
    }

    /// <summary>
    /// Takes ownership of an Azurite this program started earlier in a process that has since died (it outlived
    /// that process by design): disposing the result ends it. The caller has checked that <paramref name="processId"/>
    /// is that Azurite, not a later process given the same id.
    /// </summary>
    public static AzuriteProcess Adopt(int processId, int blobPort, int queuePort, int tablePort) =>
        new(Process.GetProcessById(processId), blobPort, queuePort, tablePort);

    /// <summary>Whether something accepts connections on every one of <paramref name="ports"/> on 127.0.0.1.</summary>
    public static async Task<bool> AllListeningAsync(params int[] ports)
    {
        foreach (var port in ports)
        {
            if (!await IsListeningAsync(port).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first of <paramref name="ports"/> something accepts connections on at 127.0.0.1, or null.</summary>
    public static async Task<int?> FirstListeningAsync(params int[] ports)
    {
        foreach (var port in ports)
        {
            if (await IsListeningAsync(port).ConfigureAwait(false))
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>Finds azurite.js under a <c>.tools/azurite</c> folder above this program or the working directory, installing it there if needed.</summary>
    public static async Task<string> EnsureInstalledAsync(Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        const string relative = ".tools/azurite/node_modules/azurite/dist/src/azurite.js";
        var roots = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var root in roots)
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        // Install next to the repository (the folder holding Notifications.sln), else in the working directory.
        var home = FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        var prefix = Path.Combine(home, ".tools", "azurite");
        Directory.CreateDirectory(prefix);
        log?.Invoke($"installing azurite@{Version} with npm into {prefix} (first run only)");
        var npm = new ProcessStartInfo("npm") { WorkingDirectory = prefix, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "install", "--no-audit", "--no-fund", "--loglevel=error", $"azurite@{Version}" })
        {
            npm.ArgumentList.Add(arg);
        }

        using var install = Process.Start(npm) ?? throw new InvalidOperationException("could not run npm to install Azurite; is Node.js installed?");
        var stderr = install.StandardError.ReadToEndAsync(cancellationToken);
        await install.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await install.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var script = Path.Combine(home, relative);
        if (install.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"npm install azurite@{Version} failed (exit {install.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }

        return script;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        lock (OwnedLock)
        {
            Owned.Remove(_process);
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static void KillOwned()
    {
        Process[] left;
        lock (OwnedLock)
        {
            left = [.. Owned];
            Owned.Clear();
        }

        foreach (var process in left)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    /// <summary>What Azurite wrote to its log since <paramref name="from"/> (the log is appended to across runs).</summary>
    private static string ReadLog(string path, long from)
    {
        if (!File.Exists(path))
        {
            return "(no log)";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = Math.Min(from, stream.Length);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Notifications.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
