using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Gateways.Emulators;

/// <summary>
/// Azurite, the Azure Storage emulator, run as a child process on loopback ports (installed from npm into
/// <c>.tools/azurite</c> on first use). The tests start one on free ports; the local host starts one on the usual
/// ports, or reuses one already listening there.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The Azurite version installed when missing.</summary>
    public const string Version = "3.37.0";

    /// <summary>Azurite's well-known development account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;

    private AzuriteProcess(Process? process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>Blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>Queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>Table service port.</summary>
    public int TablePort { get; }

    /// <summary>Whether this object started the process (false when an Azurite already running was reused).</summary>
    public bool Started => _process is not null;

    /// <summary>A connection string for the emulator's development account.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The connection string of an Azurite on the given ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite. Ports of 0 are picked free. With <paramref name="reuseIfListening"/>, an Azurite (or anything)
    /// already listening on fixed ports is used as is.
    /// </summary>
    /// <param name="location">Data folder; null keeps everything in memory.</param>
    /// <param name="blobPort">Blob port.</param>
    /// <param name="queuePort">Queue port.</param>
    /// <param name="tablePort">Table port.</param>
    /// <param name="reuseIfListening">Reuse a server already listening on the fixed ports.</param>
    /// <param name="log">Progress messages (installation).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<AzuriteProcess> StartAsync(
        string? location = null, int blobPort = 0, int queuePort = 0, int tablePort = 0, bool reuseIfListening = false,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (reuseIfListening && blobPort > 0 && await IsListeningAsync(blobPort) && await IsListeningAsync(tablePort) && await IsListeningAsync(queuePort))
        {
            return new AzuriteProcess(null, blobPort, queuePort, tablePort);
        }

        // A free port can be taken by someone else (another test process, an outgoing connection's ephemeral port)
        // between the pick and Azurite's bind: Azurite then exits with EADDRINUSE. Picked ports get fresh ones and
        // another try; fixed ports are the caller's to sort out.
        var picked = blobPort == 0 || queuePort == 0 || tablePort == 0;
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = (blobPort > 0 ? blobPort : FreePorts.Next(), queuePort > 0 ? queuePort : FreePorts.Next(), tablePort > 0 ? tablePort : FreePorts.Next());
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
                     script, "--silent", "--skipApiVersionCheck", "--loose",
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
        for (var i = 0; i < 300; i++)
        {
            var written = ReadLog(logFile, logStart);
            if (process.HasExited)
            {
                throw written.Contains("EADDRINUSE", StringComparison.Ordinal)
                    ? new AddressInUseException($"Azurite could not bind its ports: {written}")
                    : new InvalidOperationException($"Azurite exited with code {process.ExitCode} at start: {written}");
            }

            // Its own log, not a successful connect: something else may be listening on a port Azurite failed to take.
            if (new[] { blobPort, queuePort, tablePort }.All(port => written.Contains($"successfully listening at http://127.0.0.1:{port}", StringComparison.Ordinal)))
            {
                return azurite;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await azurite.DisposeAsync();
        throw new TimeoutException($"Azurite did not listen on {blobPort}/{queuePort}/{tablePort} within 30 s: {ReadLog(logFile, logStart)}");
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

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _process.Dispose();
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
