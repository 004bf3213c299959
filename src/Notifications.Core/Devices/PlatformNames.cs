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
}
