using System.Globalization;
using Notifications.Core.Delivery;

namespace Notifications.Local.Benchmarks;

/// <summary>The benchmark's device n: even n an FCM registration token, odd n an APNs device token, unique per n.</summary>
internal static class BenchTokens
{
    private const string FcmTokenTail = ":APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx2kV6fN0ad1nkKm0pTrlxbGzjHHSpyJPcZ4PnR9l2hs6OKHB7eChHpV2DL7nfyoCxWv2MgNyXhPQGm4H7";

    public static PushPlatform Platform(long n) => n % 2 == 0 ? PushPlatform.Android : PushPlatform.Ios;

    public static string Token(long n)
    {
        if (n % 2 == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"b{n:D10}{FcmTokenTail}");
        }

        // 64 hex digits, as real device tokens are (negative n are warm-up devices).
        var hex = ((ulong)n).ToString("x16", CultureInfo.InvariantCulture);
        return string.Concat(hex, hex, hex, hex);
    }
}
