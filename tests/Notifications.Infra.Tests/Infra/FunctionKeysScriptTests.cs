using System.Diagnostics;
using System.Text.RegularExpressions;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// infra/scripts/set-function-keys.sh, run against a stand-in <c>az</c> that records its arguments: one key per operator
/// on each operator endpoint, never a host or master key, and only the functions that exist with a function key.
/// </summary>
public sealed partial class FunctionKeysScriptTests : IDisposable
{
    private static readonly string[] OperatorFunctions = ["StartBatch", "ListBatches", "GetBatch", "CancelBatch", "ResumeBatch", "ListCohorts", "RunCohortForDate", "GetCohortRun", "ListCohortRuns", "GetCohortReadout"];

    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("notify-fake-az-");

    public FunctionKeysScriptTests()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the script and its stand-in az are bash");
        }

        // Records each call, and answers like the CLI would for the queries the script makes.
        var az = Path.Combine(_bin.FullName, "az");
        File.WriteAllText(az, """
            #!/usr/bin/env bash
            echo "$*" >> "$(dirname "$0")/calls"
            case "$*" in
              *"keys set"*) echo "generated-key" ;;
              *"keys list"*) printf 'default\nalice\n' ;;
            esac
            """);
        File.SetUnixFileMode(az, File.GetUnixFileMode(az) | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Grant_AllOperatorEndpoints_OneKeyPerFunctionNamedForTheOperator()
    {
        var (exitCode, stdout, stderr) = await RunAsync("grant", "alice");
        var calls = Calls();

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal(OperatorFunctions, calls.Select(c => FunctionName().Match(c).Groups[1].Value));
        Assert.All(calls, c => Assert.StartsWith("functionapp function keys set -g rg-notifications -n func-app ", c, StringComparison.Ordinal));
        Assert.All(calls, c => Assert.Contains("--key-name alice ", c, StringComparison.Ordinal));
        Assert.All(calls, c => Assert.DoesNotContain("--key-value", c, StringComparison.Ordinal));
        Assert.Equal(OperatorFunctions.Select(f => $"{f}\tgenerated-key"), stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Grant_SomeFunctions_OnlyThose()
    {
        var (exitCode, _, stderr) = await RunAsync("grant", "watcher", "GetBatch", "GetCohortRun");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal(["GetBatch", "GetCohortRun"], Calls().Select(c => FunctionName().Match(c).Groups[1].Value));
    }

    [Theory]
    [InlineData("grant", "alice", "RegisterDevice")]
    [InlineData("grant", "alice", "SubmitCampaign")]
    [InlineData("grant", "default")]
    [InlineData("revoke", "default")]
    [InlineData("grant", "a b")]
    [InlineData("grant")]
    [InlineData("rotate", "alice")]
    public async Task Refused_NotAnOperatorEndpointOrBadName_NoCallAtAll(params string[] args)
    {
        var (exitCode, _, stderr) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.NotEmpty(stderr);
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task Revoke_Operator_DeletesOnlyTheirKeyFromEachFunction()
    {
        var (exitCode, _, stderr) = await RunAsync("revoke", "alice");
        var calls = Calls();

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal(OperatorFunctions, calls.Select(c => FunctionName().Match(c).Groups[1].Value));
        Assert.All(calls, c => Assert.StartsWith("functionapp function keys delete ", c, StringComparison.Ordinal));
        Assert.All(calls, c => Assert.Contains("--key-name alice ", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnyAction_HostKeys_NeverTouched()
    {
        foreach (var args in new[] { new[] { "grant", "alice" }, ["revoke", "alice"], ["list"] })
        {
            await RunAsync(args);
        }

        var calls = Calls();
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.StartsWith("functionapp function keys ", c, StringComparison.Ordinal));
        Assert.All(calls, c => Assert.DoesNotContain("masterKey", c, StringComparison.Ordinal));
    }

    [Fact]
    public void OperatorFunctions_InTheScript_AreTheFunctionKeyHttpTriggersOfTheApp()
    {
        // A renamed function would leave operators without a key for it: the names must be [Function] names of HTTP
        // triggers with AuthorizationLevel.Function in src/Notifications.Functions.
        var script = File.ReadAllText(Repository.PathOf("infra/scripts/set-function-keys.sh"));
        var listed = ScriptList().Match(script).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var functionLevel = Directory.EnumerateFiles(Repository.PathOf("src/Notifications.Functions"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => FunctionKeyTrigger().Matches(File.ReadAllText(file)))
            .Select(m => m.Groups[1].Value)
            .ToHashSet();

        Assert.Equal(OperatorFunctions, listed);
        Assert.All(listed, name => Assert.True(functionLevel.Contains(name), $"{name} is not an HTTP trigger with AuthorizationLevel.Function"));
        // And the other way: a new operator endpoint without a key would answer 401 to every operator.
        Assert.All(functionLevel, name => Assert.True(listed.Contains(name), $"{name} is a function-key trigger the script does not grant"));
    }

    public void Dispose() => _bin.Delete(recursive: true);

    private List<string> Calls()
    {
        var file = Path.Combine(_bin.FullName, "calls");
        return File.Exists(file) ? File.ReadAllLines(file).ToList() : [];
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "infra/scripts/set-function-keys.sh", "-g", "rg-notifications", "-n", "func-app" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = _bin.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"--function-name (\S+)")]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"^OPERATOR_FUNCTIONS=\(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex ScriptList();

    [GeneratedRegex(@"\[Function\(""(\w+)""\)\]\s*(?:\[[^\]]*\]\s*)*public[^(]*\(\s*\[HttpTrigger\(AuthorizationLevel\.Function")]
    private static partial Regex FunctionKeyTrigger();
}
