using System.Diagnostics;
using System.Text.Json.Nodes;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Packaging;

/// <summary>
/// The Functions app ships without the local-only adapters: no DuckDB (its native library is tens of megabytes, for
/// an engine Azure never runs) and no MailKit/MimeKit. They live in Notifications.Adapters.Local, which only the
/// local host references; a reference that pulls them back in shows up in the app's dependency manifest.
/// </summary>
public sealed class FunctionsAppContentsTests
{
    private const string Project = "src/Notifications.Functions/Notifications.Functions.csproj";

    private static readonly string[] LocalOnlyLibraries = ["DuckDB", "MailKit", "MimeKit"];

    private static readonly Lazy<string> Output = new(BuildOutput);

    [Fact]
    public void DepsJson_Libraries_NoLocalOnlyPackage()
    {
        var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(Output.Value, "Notifications.Functions.deps.json")))!;
        var libraries = deps["libraries"]!.AsObject().Select(p => p.Key).ToList();

        Assert.NotEmpty(libraries);
        var localOnly = libraries.Where(l => LocalOnlyLibraries.Any(n => l.StartsWith(n, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(localOnly.Count == 0, "the Functions app depends on local-only libraries: " + string.Join(", ", localOnly));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Notifications.Adapters.Local/", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildOutput_Files_NoDuckDbOrMailLibrary()
    {
        var files = Directory.EnumerateFiles(Output.Value, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Output.Value, f))
            .Where(f => LocalOnlyLibraries.Any(n => Path.GetFileName(f).Contains(n, StringComparison.OrdinalIgnoreCase)) || f.Contains("Adapters.Local", StringComparison.Ordinal))
            .ToList();

        Assert.True(files.Count == 0, "the Functions app's output holds local-only files: " + string.Join(", ", files));
    }

    /// <summary>
    /// The app's build output in this test run's configuration; the solution build that precedes the tests made it,
    /// and when it is missing (a test project built alone) the app is built here.
    /// </summary>
    private static string BuildOutput()
    {
        var output = Repository.PathOf(Path.Combine("src", "Notifications.Functions", "bin", Repository.Configuration, "net10.0"));
        if (File.Exists(Path.Combine(output, "Notifications.Functions.deps.json")))
        {
            return output;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "build", Project, "-c", Repository.Configuration, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build of the Functions app took over 10 minutes");
        }

        Assert.True(process.ExitCode == 0, $"dotnet build {Project} failed:\n{stdout.Result}\n{stderr.Result}");
        return output;
    }
}
