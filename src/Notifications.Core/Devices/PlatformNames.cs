using Notifications.Core.Delivery;

namespace Notifications.Core.Devices;

/// <summary>The wire names of platforms in batch files, HTTP bodies and tables.</summary>
public static class PlatformNames
{
    /// <summary>Parses <c>android</c> or <c>ios</c> (any case).</summary>
    public static bool TryParse(string? name, out PushPlatform platform)
    {
        switch (name?.ToLowerInvariant())
        {
            case "android":
                platform = PushPlatform.Android;
                return true;
            case "ios":
                platform = PushPlatform.Ios;
                return true;
            default:
                platform = default;
                return false;
        }
    }

    /// <summary><c>android</c> or <c>ios</c>.</summary>
    public static string ToName(this PushPlatform platform) => platform == PushPlatform.Android ? "android" : "ios";

    /// <summary>The name people read: Android, iOS.</summary>
    public static string ToDisplayName(this PushPlatform platform) => platform == PushPlatform.Android ? "Android" : "iOS";

    /// <summary>The one-letter form chunk blobs and device ids use: <c>a</c> or <c>i</c>.</summary>
    public static char ToLetter(this PushPlatform platform) => platform == PushPlatform.Android ? 'a' : 'i';

    /// <summary>The platform of a one-letter form (<see cref="ToLetter"/>); anything but <c>a</c> is iOS.</summary>
    public static PushPlatform FromLetter(char letter) => letter == 'a' ? PushPlatform.Android : PushPlatform.Ios;
}
