using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// infra/ compiles and lints clean with the pinned bicep compiler: any error, warning or linter note fails CI, so a
/// change that breaks the deployment is caught on the change, not on the next deploy.
/// </summary>
public sealed class MainTemplateTests
{
    [Fact]
    public async Task Build_MainTemplate_CompilesWithoutDiagnostics()
    {
        var result = await BicepCli.RunAsync("build", "infra/main.bicep", "--stdout");

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
        Assert.StartsWith("{", result.Stdout.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_MainTemplate_ReportsNothing()
    {
        var result = await BicepCli.RunAsync("lint", "infra/main.bicep");

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Fact]
    public async Task BuildParams_Example_CompilesWithoutDiagnostics()
    {
        var result = await BicepCli.RunAsync("build-params", "infra/main.bicepparam", "--stdout");

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
        Assert.Contains("parametersJson", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_TemplateWithAProblem_IsReported()
    {
        // The lint test above must be able to fail: the same compiler, pointed at a template with a known problem.
        var directory = Directory.CreateTempSubdirectory("notify-bicep-");
        try
        {
            var file = Path.Combine(directory.FullName, "broken.bicep");
            await File.WriteAllTextAsync(file, "param unused string\nvar alsoUnused = 'x'\n");

            var result = await BicepCli.RunAsync("lint", file);

            Assert.Contains("no-unused-params", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
