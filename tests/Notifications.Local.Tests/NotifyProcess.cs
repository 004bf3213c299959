using System.Diagnostics;
using System.Text;

namespace Notifications.Local.Tests;

/// <summary>The real <c>notify</c> program run as a child process, so a test can kill it like a crash would.</summary>
internal sealed class NotifyProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NotifyProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static NotifyProcess Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "notify.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Quiet hours read the wall clock, so a run at night would hold the demo's users for the morning: off unless a
        // test asks for them.
        start.Environment[LocalTestEnvironment.QuietHoursSwitch] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var notify = new NotifyProcess(process);
        process.OutputDataReceived += (_, e) => notify.Append(e.Data);
        process.ErrorDataReceived += (_, e) => notify.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return notify;
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until a line of output matches <paramref name="pattern"/> and returns the match; fails if the process ends first.</summary>
    public async Task<System.Text.RegularExpressions.Match> WaitForOutputAsync(System.Text.RegularExpressions.Regex pattern, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            if (pattern.Match(Output) is { Success: true } match)
            {
                return match;
            }

            if (_process.HasExited || cancel.IsCancellationRequested)
            {
                Assert.Fail($"notify never wrote /{pattern}/{(_process.HasExited ? $" and exited with {_process.ExitCode}" : "")}; it said:\n{Output}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>SIGTERM, as a service manager or <c>docker stop</c> sends: the process is asked to stop.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
