using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Notifications.Core.Delivery;

/// <summary>Renders a <see cref="PushMessage"/> to the FCM v1 and APNs wire forms, enforcing the 4 KB limits.</summary>
public static class PayloadRenderer
{
    /// <summary>FCM and APNs (non-VoIP) both cap the payload at 4096 bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>
    /// The data key carrying the experiment arm (variant name) of the push, beside <c>campaign</c>: what the app
    /// echoes back when it reports an open (<c>POST /api/events</c>).
    /// </summary>
    public const string ArmKey = "arm";

    /// <summary>The data key carrying the campaign id.</summary>
    public const string CampaignKey = "campaign";

    /// <summary>FCM's analytics labels are at most 50 characters of <c>[a-zA-Z0-9-_.~%]</c>.</summary>
    public const int MaxAnalyticsLabelLength = 50;

    /// <summary>Validates and renders <paramref name="message"/> for <paramref name="campaignId"/> (and the experiment arm <paramref name="arm"/>, if any).</summary>
    /// <exception cref="InvalidPushMessageException">The message is invalid or renders over 4 KB.</exception>
    public static PreparedMessage Render(string campaignId, PushMessage message, string? arm = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        var errors = PushMessageValidator.Validate(message);
        if (errors.Count > 0)
        {
            throw new InvalidPushMessageException(errors);
        }

        return RenderChecked(campaignId, message, arm);
    }

    /// <summary>
    /// Renders a message already validated (its template was, before any user's values filled it): only the 4 KB
    /// limits are checked here, since a rendering's title may be longer than the template's and still fit.
    /// </summary>
    /// <exception cref="InvalidPushMessageException">The rendering is over 4 KB.</exception>
    internal static PreparedMessage RenderChecked(string campaignId, PushMessage message, string? arm = null)
    {
        var errors = new List<PushMessageError>();
        var collapseId = message.CollapseKey ?? CollapseKeys.ForCampaign(campaignId);
        var fcm = RenderFcmMembers(campaignId, arm, collapseId, message);
        var apns = RenderApns(campaignId, arm, collapseId, message);

        // The token and the bytes around it are not counted against FCM's limit, only the message content.
        if (fcm.Length > MaxPayloadBytes)
        {
            errors.Add(new("message", $"renders to {fcm.Length} bytes for FCM; the limit is {MaxPayloadBytes}"));
        }

        if (apns.Length > MaxPayloadBytes)
        {
            errors.Add(new("message", $"renders to {apns.Length} bytes for APNs; the limit is {MaxPayloadBytes}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidPushMessageException(errors);
        }

        var hash = SHA256.HashData([.. fcm, .. apns]);
        return new PreparedMessage(
            campaignId, collapseId, fcm, apns, message.TimeToLive, message.Priority, Convert.ToHexStringLower(hash.AsSpan(0, 8)));
    }

    /// <summary>
    /// The <c>fcm_options.analytics_label</c> of a campaign's pushes, so Firebase's own delivery reports split by
    /// campaign: the id itself when it fits FCM's pattern, else a readable prefix and a hash (as collapse ids are made).
    /// </summary>
    public static string AnalyticsLabel(string campaignId) => CollapseKeys.ForCampaign(campaignId, MaxAnalyticsLabelLength);

    private static byte[] RenderFcmMembers(string campaignId, string? arm, string collapseId, PushMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("notification");
            WriteIfNotNull(w, "title", message.Title);
            WriteIfNotNull(w, "body", message.Body);
            WriteIfNotNull(w, "image", message.ImageUrl);
            w.WriteEndObject();

            WriteData(w, "data", campaignId, arm, message);

            w.WriteStartObject("android");
            w.WriteString("priority", message.Priority == PushPriority.High ? "high" : "normal");
            if (message.TimeToLive is { } ttl)
            {
                w.WriteString("ttl", $"{(long)ttl.TotalSeconds}s");
            }

            w.WriteString("collapse_key", collapseId);
            w.WriteStartObject("notification");
            w.WriteString("tag", collapseId);
            WriteIfNotNull(w, "sound", message.Sound);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("fcm_options");
            w.WriteString("analytics_label", AnalyticsLabel(campaignId));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // Strip the outer braces: the sender splices these members after the token.
        return buffer.WrittenSpan[1..^1].ToArray();
    }

    private static byte[] RenderApns(string campaignId, string? arm, string collapseId, PushMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("aps");
            w.WriteStartObject("alert");
            WriteIfNotNull(w, "title", message.Title);
            WriteIfNotNull(w, "body", message.Body);
            w.WriteEndObject();
            WriteIfNotNull(w, "sound", message.Sound);
            w.WriteString("thread-id", collapseId);
            if (message.ImageUrl is not null)
            {
                // Lets a notification service extension download and attach the image.
                w.WriteNumber("mutable-content", 1);
            }

            w.WriteEndObject();
            WriteIfNotNull(w, "image", message.ImageUrl);
            WriteDataMembers(w, campaignId, arm, message);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteData(Utf8JsonWriter w, string name, string campaignId, string? arm, PushMessage message)
    {
        w.WriteStartObject(name);
        WriteDataMembers(w, campaignId, arm, message);
        w.WriteEndObject();
    }

    private static void WriteDataMembers(Utf8JsonWriter w, string campaignId, string? arm, PushMessage message)
    {
        w.WriteString(CampaignKey, campaignId);
        WriteIfNotNull(w, ArmKey, arm);
        WriteIfNotNull(w, "link", message.DeepLink);
        if (message.Data is not null)
        {
            foreach (var (k, v) in message.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(k, v);
            }
        }
    }

    /// <summary>
    /// At least the bytes <paramref name="value"/> takes inside a rendered JSON string: the writer's default encoder
    /// keeps printable ASCII as is and writes everything else (and <c>"&amp;'&lt;&gt;+`\</c>) as a 6-byte <c>\uXXXX</c>,
    /// so counting 6 for those is exact or above. Lets a scan size the longest rendering without rendering it.
    /// </summary>
    public static int EscapedLength(ReadOnlySpan<char> value)
    {
        var bytes = 0;
        foreach (var c in value)
        {
            bytes += c is < ' ' or > '~' or '"' or '\\' or '&' or '\'' or '<' or '>' or '+' or '`' ? 6 : 1;
        }

        return bytes;
    }

    private static void WriteIfNotNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
