using System.Globalization;
using System.Text;
using System.Text.Json;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Email;

namespace Notifications.Core.Approvals;

/// <summary>The emails of the approval flow. Everything a person typed is HTML-encoded.</summary>
public static class ApprovalEmails
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    /// <summary>The JSON payloads exactly as they will be sent (FCM v1 request and APNs body), pretty-printed.</summary>
    public static (string Fcm, string Apns) Payloads(Campaign campaign)
    {
        // Placeholders as their defaults: what a user without values gets (each user's own values are not known here).
        var prepared = PayloadRenderer.Render(campaign.Id, MessageForms.WithDefaults(campaign.Message));
        var fcm = Encoding.UTF8.GetString(FcmClient.RequestBody("<device token>", prepared));
        return (PrettyJson(fcm), PrettyJson(Encoding.UTF8.GetString(prepared.ApnsBody.Span)));
    }

    /// <summary>The email to an approver, with approve, reject and test links.</summary>
    public static EmailMessage ForApprover(Campaign campaign, long users, string approverName, DateTimeOffset expiresAt, Uri approve, Uri reject, Uri test, Uri page, string appName)
    {
        // The decision and the push as phones will show it above the fold; the facts below, the raw payloads folded away.
        var body = $"""
                    <p style="margin:16px 0 8px">
                      {Button(approve, "Approve", "#1a7f37")} {Button(reject, "Reject", "#cf222e")} {Button(test, "Send test to my devices", "#0969da")}
                    </p>
                    <p style="color:#57606a">Each link opens a confirmation page; nothing happens until you press its button. Approve and reject links work once, until {expiresAt:yyyy-MM-dd HH:mm} UTC.</p>
                    """ + Web.NotificationMockups.Render(campaign.Message, appName, inline: true) + Details(campaign, users, expiresAt, page);
        var text = $"{Summary(campaign, users)}\n\nApprove: {approve}\nReject: {reject}\nTest on my devices: {test}\n\nLinks expire {expiresAt:yyyy-MM-dd HH:mm} UTC.\nThe campaign's page: {page}";
        return new EmailMessage([], $"Approval needed: {campaign.Title} ({users.ToString("N0", CultureInfo.InvariantCulture)} users)",
            Page($"Hello {HtmlPage.Encode(approverName)}, a campaign needs your approval.", body), text);
    }

    /// <summary>The requester's copy: the same details, no buttons.</summary>
    public static EmailMessage ForRequester(Campaign campaign, long users, IReadOnlyList<string> approvers, DateTimeOffset expiresAt, Uri page, string appName) =>
        new([campaign.RequesterEmail], $"Awaiting approval: {campaign.Title} ({users.ToString("N0", CultureInfo.InvariantCulture)} users)",
            Page($"Your campaign is waiting for approval from {HtmlPage.Encode(string.Join(", ", approvers))}.",
                $"<p>{Button(page, "Follow the campaign", "#0969da")}</p>" + Web.NotificationMockups.Render(campaign.Message, appName, inline: true) + Details(campaign, users, expiresAt, page)),
            $"{Summary(campaign, users)}\n\nWaiting for approval from {string.Join(", ", approvers)} until {expiresAt:yyyy-MM-dd HH:mm} UTC.\nThe campaign's page: {page}");

    /// <summary>The requester's email for an outcome.</summary>
    public static EmailMessage Outcome(Campaign campaign, CampaignStatus outcome, string detail, BatchSummary? summary, Uri page)
    {
        var counts = summary is null ? string.Empty : string.Create(CultureInfo.InvariantCulture,
            $"Delivered {summary.Counts.Sent:N0}, invalid tokens {summary.Counts.Invalid:N0}, failed {summary.Counts.Failed + summary.Counts.Rejected:N0} of {summary.Devices:N0} devices ({summary.Users:N0} users).");
        var headline = outcome switch
        {
            CampaignStatus.Sent => "Your campaign was sent.",
            CampaignStatus.Rejected => "Your campaign was rejected.",
            CampaignStatus.Expired => "Your campaign expired without a decision; nothing was sent.",
            CampaignStatus.Cancelled => "Your campaign was cancelled.",
            _ => "Your campaign could not be sent.",
        };
        var html = Page(headline, $"<p><b>{HtmlPage.Encode(campaign.Title)}</b></p><p>{HtmlPage.Encode(detail)}</p><p>{HtmlPage.Encode(counts)}</p><p>{Button(page, "Open the campaign", "#0969da")}</p>");
        return new EmailMessage([campaign.RequesterEmail], $"{outcome}: {campaign.Title}", html, $"{headline}\n{campaign.Title} ({campaign.Id})\n{detail}\n{counts}\nThe campaign's page: {page}");
    }

    /// <summary>The campaign's page, <c>/campaigns/{id}</c> under <paramref name="publicBaseUrl"/>.</summary>
    public static Uri PageOf(Uri publicBaseUrl, string campaignId) => new(publicBaseUrl, "campaigns/" + Uri.EscapeDataString(campaignId));

    private static string Details(Campaign campaign, long users, DateTimeOffset expiresAt, Uri page)
    {
        var (fcm, apns) = Payloads(campaign);
        var after = campaign.SendAfter is { } s ? $"<tr><th align=left>Send after</th><td>{s:yyyy-MM-dd HH:mm} UTC</td></tr>" : string.Empty;
        return $"""
            <table cellpadding="4">
              <tr><th align=left>Campaign</th><td><a href="{HtmlPage.Encode(page.ToString())}">{HtmlPage.Encode(campaign.Title)}</a></td></tr>
              <tr><th align=left>Requested by</th><td>{HtmlPage.Encode(campaign.RequesterName)} &lt;{HtmlPage.Encode(campaign.RequesterEmail)}&gt;</td></tr>
              <tr><th align=left>Users selected</th><td><b>{users.ToString("N0", CultureInfo.InvariantCulture)}</b></td></tr>
              {DevicesRow(campaign)}
              <tr><th align=left>Platforms</th><td>{HtmlPage.Encode(string.Join(", ", campaign.Platforms.Select(Devices.PlatformNames.ToDisplayName)))}</td></tr>
              {after}
              <tr><th align=left>Timing</th><td id="timing">{HtmlPage.Encode(Web.TimingText.Describe(campaign.SendOptions, null))}</td></tr>
              <tr><th align=left>Decide by</th><td>{expiresAt:yyyy-MM-dd HH:mm} UTC</td></tr>
            </table>
            <h3>Audience query</h3><pre style="background:#f6f8fa;padding:8px">{HtmlPage.Encode(campaign.AudienceQuery)}</pre>
            <details><summary>Payloads exactly as they will be sent (FCM for Android, APNs for iOS)</summary>
            <h4>FCM (Android)</h4><pre style="background:#f6f8fa;padding:8px">{HtmlPage.Encode(fcm)}</pre>
            <h4>APNs (iOS)</h4><pre style="background:#f6f8fa;padding:8px">{HtmlPage.Encode(apns)}</pre>
            </details>
            """;
    }

    private static string Summary(Campaign campaign, long users) =>
        $"{campaign.Title} ({campaign.Id}) requested by {campaign.RequesterName} <{campaign.RequesterEmail}>: {users} users selected"
        + (campaign.Devices is { } devices ? $", {(campaign.DevicesEstimated ? "about " : "")}{devices} devices." : ".");

    /// <summary>The devices the push goes to, or nothing when the count is unknown (a campaign prepared before it was kept).</summary>
    internal static string DevicesRow(Campaign campaign) => campaign.Devices is { } devices
        ? string.Create(CultureInfo.InvariantCulture,
            $"<tr><th align=left>Devices</th><td><b>{(campaign.DevicesEstimated ? "about " : "")}{devices:N0}</b>{(campaign.DevicesEstimated ? $" <span style=\"color:#57606a\">(estimated from {Audience.AudienceFileWriter.FirstUsersKept} of the users)</span>" : "")}</td></tr>")
        : string.Empty;

    private static string Button(Uri href, string label, string color) =>
        $"""<a href="{HtmlPage.Encode(href.ToString())}" style="background:{color};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;font-family:sans-serif">{HtmlPage.Encode(label)}</a>""";

    private static string Page(string headline, string body) =>
        $"""<html><body style="font-family:sans-serif;max-width:760px"><h2>{headline}</h2>{body}</body></html>""";

    private static string PrettyJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, Pretty);
    }

}
