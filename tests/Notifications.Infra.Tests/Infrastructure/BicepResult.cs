namespace Notifications.Infra.Tests.Infrastructure;

/// <summary>What one bicep run printed.</summary>
internal sealed record BicepResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"bicep {Command} exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
