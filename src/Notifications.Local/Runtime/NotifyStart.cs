using System.Diagnostics;

namespace Notifications.Local.Runtime;

/// <summary>Starts this same program again with other arguments (a worker, the gateways, the GC child).</summary>
internal static class NotifyStart
{
    /// <summary>
    /// A start for <c>notify <paramref name="arguments"/></c>: the <c>notify</c> apphost when that is what runs,
    /// otherwise <c>dotnet notify.dll</c> (under <c>dotnet notify.dll</c>, or hosted by a test runner).
    /// </summary>
    public static ProcessStartInfo For(IEnumerable<string> arguments)
    {
        var self = Environment.ProcessPath;
        ProcessStartInfo start;
        if (self is not null && string.Equals(Path.GetFileNameWithoutExtension(self), "notify", StringComparison.Ordinal))
        {
            start = new ProcessStartInfo(self);
        }
        else
        {
            var dotnet = self is not null && string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase)
                ? self
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start = new ProcessStartInfo(dotnet);
            start.ArgumentList.Add(typeof(NotifyStart).Assembly.Location);
        }

        start.UseShellExecute = false;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
