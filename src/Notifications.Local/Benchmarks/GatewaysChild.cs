using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Notifications.Local.Hosting;
using Notifications.Local.Runtime;

namespace Notifications.Local.Benchmarks;

/// <summary>
/// <c>notify gateways</c> in a child process, so that a benchmark's CPU and allocation figures are the sender's
/// alone; stopped with SIGTERM, after which it reports how many pushes it accepted.
/// </summary>
internal sealed partial class GatewaysChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private GatewaysChild(Process process, StringBuilder output, IReadOnlyDictionary<string, string?> endpoints)
    {
        _process = process;
        _output = output;
        Endpoints = endpoints;
    }

    /// <summary>The client configuration the child wrote.</summary>
    public IReadOnlyDictionary<string, string?> Endpoints { get; }

    public static async Task<GatewaysChild> StartAsync(string directory, int latencyMs, CancellationToken cancellationToken)
    {
        var start = NotifyStart.For(["gateways", "--client-files", directory, "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture)]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start 'notify gateways'");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The configuration file is written before the URLs are printed; the printed line says it is complete.
        var config = Path.Combine(directory, "client-config.json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!Read(output).Contains("client configuration:", StringComparison.Ordinal))
        {
            if (process.HasExited || timeout.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new InvalidOperationException("'notify gateways' did not start; it said:\n" + Read(output));
            }

            await Task.Delay(50, CancellationToken.None);
        }

        try
        {
            return new GatewaysChild(process, output, await LocalServices.ReadEndpointsAsync(config, cancellationToken));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Stops the child and returns the pushes it accepted, or null if it did not say.</summary>
    public async Task<long?> StopAsync()
    {
        GcRelaunch.Terminate(_process.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return Accepted().Match(Read(_output)) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"^accepted (\d+) pushes", RegexOptions.Multiline)]
    private static partial Regex Accepted();
}
