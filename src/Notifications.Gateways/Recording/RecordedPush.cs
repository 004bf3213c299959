namespace Notifications.Gateways.Recording;

/// <summary>A push a gateway accepted.</summary>
/// <param name="Gateway"><c>fcm</c> or <c>apns</c>.</param>
/// <param name="Token">The device token.</param>
/// <param name="CollapseId">FCM <c>collapse_key</c> or APNs <c>apns-collapse-id</c>.</param>
/// <param name="PayloadHash">A short hash of the notification content (without the token).</param>
/// <param name="At">When it was accepted, on the gateways' clock.</param>
public sealed record RecordedPush(string Gateway, string Token, string? CollapseId, string PayloadHash, DateTimeOffset At)
{
    /// <summary>The notification title the device would show (FCM <c>notification.title</c>, APNs <c>aps.alert.title</c>), in full recording only.</summary>
    public string? Title { get; init; }

    /// <summary>The notification body, in full recording only.</summary>
    public string? Body { get; init; }

    /// <summary>The data the app receives (FCM <c>data</c>, APNs custom keys besides <c>aps</c>), in full recording only.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary>The identity exactly-once is judged by: the same device getting the same campaign twice is a duplicate.</summary>
    public string Key => $"{Gateway}\t{Token}\t{CollapseId}";

    /// <summary>One tab-separated line of a records file.</summary>
    public string ToLine() => $"{Gateway}\t{Token}\t{CollapseId}\t{PayloadHash}\t{At.ToUnixTimeMilliseconds()}";

    /// <summary>Parses a line written by <see cref="ToLine"/>.</summary>
    public static RecordedPush Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != 5)
        {
            throw new FormatException($"a records line has 5 tab-separated fields: '{line}'");
        }

        return new RecordedPush(f[0], f[1], f[2].Length == 0 ? null : f[2], f[3],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
