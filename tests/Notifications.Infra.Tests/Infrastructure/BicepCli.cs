using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>The bicep compiler from the Azure.Bicep.CommandLine.linux-x64 package, run as a process.</summary>
internal static class BicepCli
{
    private static readonly Lazy<Task<JsonNode>> MainTemplate = new(async () =>
    {
        var result = await RunAsync("build", "infra/main.bicep", "--stdout");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout) ?? throw new InvalidOperationException("bicep build printed no template");
    });

    /// <summary><c>infra/main.bicep</c> compiled to an ARM template (once per test run).</summary>
    public static Task<JsonNode> MainTemplateAsync() => MainTemplate.Value;

    /// <summary>Runs <c>bicep</c> with <paramref name="args"/> in the repository root.</summary>
    public static async Task<BicepResult> RunAsync(params string[] args)
    {
        EnsureExecutable(Repository.BicepPath);
        var start = new ProcessStartInfo(Repository.BicepPath)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Offline machines: no telemetry, and no waiting on a network the compiler does not need.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Repository.BicepPath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
    }

    // NuGet keeps the executable bit on most machines; a cache restored by other tools may not.
    private static void EnsureExecutable(string path)
    {
        Assert.True(File.Exists(path), $"the bicep compiler is not at {path}: restore tests/Notifications.Infra.Tests");
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the compiler package referenced is linux-x64");
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
    }
}
