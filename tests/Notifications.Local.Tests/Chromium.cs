using Microsoft.Playwright;

namespace Notifications.Local.Tests;

/// <summary>Debian's chromium for Playwright: browser downloads are not possible here, so the system one is used.</summary>
internal static class Chromium
{
    /// <summary>NOTIFY_CHROMIUM overrides the path; scripts/install-tools.sh installs /usr/bin/chromium.</summary>
    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("NOTIFY_CHROMIUM") ?? "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"chromium not found at {path}: run scripts/install-tools.sh (apt-get install chromium) or set NOTIFY_CHROMIUM");
        }
    }

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,

        // No sandbox: CI runs as root in a container, where chromium's sandbox cannot start.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
    };
}
