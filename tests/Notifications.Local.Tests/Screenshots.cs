namespace Notifications.Local.Tests;

/// <summary>Where the browser tests leave their screenshots, to be looked at as a marketer would (docs/ has copies).</summary>
internal static class Screenshots
{
    public static string PathOf(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "notify-screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
