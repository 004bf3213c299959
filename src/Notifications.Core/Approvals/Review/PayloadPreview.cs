using System.Text;
using System.Text.Json;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;

namespace Notifications.Core.Approvals.Review;

/// <summary>A form's wire payloads, pretty-printed: the FCM v1 request and the APNs body exactly as the gateways get them.</summary>
public static class PayloadPreview
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    /// <summary>The payloads of <paramref name="message"/> (one form, placeholders filled) for campaign <paramref name="campaignId"/>'s arm <paramref name="arm"/>.</summary>
    public static (string Fcm, string Apns) Of(string campaignId, PushMessage message, string? arm)
    {
        try
        {
            var prepared = PayloadRenderer.Render(campaignId, message, arm);
            return (PrettyJson(Encoding.UTF8.GetString(FcmClient.RequestBody("<device token>", prepared))), PrettyJson(Encoding.UTF8.GetString(prepared.ApnsBody.Span)));
        }
        catch (InvalidPushMessageException ex)
        {
            // Shown where the payload would be: the send refuses the same form for the same reason.
            var why = "cannot be sent: " + string.Join("; ", ex.Errors.Select(e => $"{e.Field}: {e.Problem}"));
            return (why, why);
        }
    }

    private static string PrettyJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, Pretty);
    }
}
