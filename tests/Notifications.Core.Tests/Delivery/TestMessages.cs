using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

internal static class TestMessages
{
    public static PushMessage Simple => new()
    {
        Title = "Your favourite brand is here",
        Body = "Follow them for a give-away this week.",
        DeepLink = "https://social.example/brands/7",
        Data = new Dictionary<string, string> { ["brand"] = "7" },
        TimeToLive = TimeSpan.FromHours(1),
    };

    public static PreparedMessage Prepared(string campaign = "campaign-test") => PayloadRenderer.Render(campaign, Simple);

    /// <summary>A unique 64-hex-digit APNs device token.</summary>
    public static string ApnsToken() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    /// <summary>A unique FCM-looking registration token, optionally with a fault prefix.</summary>
    public static string FcmToken(string? fault = null) => (fault is null ? "" : fault + "-") + "fcm" + Guid.NewGuid().ToString("N") + ":APA91bTest";

    /// <summary>A unique APNs token carrying a fault prefix.</summary>
    public static string ApnsFaultToken(string fault) => fault + "-" + Guid.NewGuid().ToString("N");
}
