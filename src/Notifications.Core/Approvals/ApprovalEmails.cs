using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Approvals.Web.Components;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Email;
using Notifications.Core.Timing;

namespace Notifications.Core.Approvals;

/// <summary>
/// The emails of the approval flow, as Razor components (<see cref="ApprovalEmail"/>, <see cref="OutcomeEmail"/>): the
/// approver's carries every form, the placeholder values and sample users exactly as the approval page does, with a
/// plain-text part that lists the same forms.
/// </summary>
public sealed class ApprovalEmails
{
    private readonly ComponentRenderer _renderer;
    private readonly string _appName;
    private readonly QuietHoursOptions _quietHours;

    /// <summary>Creates the emails; <paramref name="messages"/> gives the app name on the mock-ups, <paramref name="quietHours"/> the timing sentence's hours.</summary>
    public ApprovalEmails(ComponentRenderer renderer, IOptions<MessageOptions> messages, IOptions<QuietHoursOptions> quietHours)
    {
        _renderer = renderer;
        _appName = messages.Value.AppName;
        _quietHours = quietHours.Value;
    }

    /// <summary>The campaign's page, <c>/campaigns/{id}</c> under <paramref name="publicBaseUrl"/>.</summary>
    public static Uri PageOf(Uri publicBaseUrl, string campaignId) => new(publicBaseUrl, "campaigns/" + Uri.EscapeDataString(campaignId));

    /// <summary>The email to an approver, with approve, reject and test links.</summary>
    public async Task<EmailMessage> ForApproverAsync(
        Campaign campaign, CampaignReview? review, long users, string approverName, DateTimeOffset expiresAt, ApprovalEmailLinks links, Uri page)
    {
        var html = await RenderAsync(campaign, review, $"{approverName}, a campaign needs your approval", links, expiresAt, page).ConfigureAwait(false);
        var text = $"{Summary(campaign, users)}\n\nApprove: {links.Approve}\nReject: {links.Reject}\nSend a test push: {links.Test}\n\n"
            + $"Links expire {expiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.\nThe campaign's page: {page}\n\n{ReviewText(campaign, review)}";
        return new EmailMessage([], $"Approval needed: {campaign.Title} ({users.ToString("N0", CultureInfo.InvariantCulture)} users)", html, text);
    }

    /// <summary>The requester's copy: the same review, no decision links.</summary>
    public async Task<EmailMessage> ForRequesterAsync(Campaign campaign, CampaignReview? review, long users, IReadOnlyList<string> approvers, DateTimeOffset expiresAt, Uri page)
    {
        var html = await RenderAsync(campaign, review, $"Your campaign is waiting for approval from {string.Join(", ", approvers)}", null, expiresAt, page).ConfigureAwait(false);
        var text = $"{Summary(campaign, users)}\n\nWaiting for approval from {string.Join(", ", approvers)} until {expiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.\n"
            + $"The campaign's page: {page}\n\n{ReviewText(campaign, review)}";
        return new EmailMessage([campaign.RequesterEmail], $"Awaiting approval: {campaign.Title} ({users.ToString("N0", CultureInfo.InvariantCulture)} users)", html, text);
    }

    /// <summary>The requester's email for an outcome; a rejection carries the approver's reason.</summary>
    public async Task<EmailMessage> OutcomeAsync(Campaign campaign, CampaignStatus outcome, string detail, BatchSummary? summary, Uri page)
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
        var reason = outcome == CampaignStatus.Rejected ? campaign.DecisionReason : null;
        var html = "<!doctype html>" + await _renderer.RenderAsync<OutcomeEmail>(new Dictionary<string, object?>
        {
            [nameof(OutcomeEmail.Campaign)] = campaign,
            [nameof(OutcomeEmail.Headline)] = headline,
            [nameof(OutcomeEmail.Detail)] = detail,
            [nameof(OutcomeEmail.Reason)] = reason,
            [nameof(OutcomeEmail.Counts)] = counts,
            [nameof(OutcomeEmail.Page)] = page.ToString(),
        }).ConfigureAwait(false);
        var text = $"{headline}\n{campaign.Title} ({campaign.Id})\n{detail}\n{(reason is { Length: > 0 } ? $"Reason given: {reason}\n" : "")}{counts}\nThe campaign's page: {page}";
        return new EmailMessage([campaign.RequesterEmail], $"{outcome}: {campaign.Title}", html, text);
    }

    private async Task<string> RenderAsync(Campaign campaign, CampaignReview? review, string headline, ApprovalEmailLinks? links, DateTimeOffset expiresAt, Uri page) =>
        "<!doctype html>" + await _renderer.RenderAsync<ApprovalEmail>(new Dictionary<string, object?>
        {
            [nameof(ApprovalEmail.Campaign)] = campaign,
            [nameof(ApprovalEmail.Review)] = review,
            [nameof(ApprovalEmail.Headline)] = headline,
            [nameof(ApprovalEmail.Links)] = links,
            [nameof(ApprovalEmail.ExpiresAt)] = expiresAt,
            [nameof(ApprovalEmail.Page)] = page.ToString(),
            [nameof(ApprovalEmail.Timing)] = TimingText.Sentence(campaign, _quietHours),
            [nameof(ApprovalEmail.AppName)] = _appName,
        }).ConfigureAwait(false);

    private static string Summary(Campaign campaign, long users) =>
        $"{campaign.Title} ({campaign.Id}) requested by {campaign.RequesterName} <{campaign.RequesterEmail}>: {users} users selected"
        + (campaign.Devices is { } devices ? $", {(campaign.DevicesEstimated ? "about " : "")}{devices} devices." : ".");

    /// <summary>The review as plain text: every form as written, the values' most common entries, the sample users.</summary>
    internal static string ReviewText(Campaign campaign, CampaignReview? review)
    {
        var text = new StringBuilder();
        var forms = review?.Forms is { Count: > 0 } reviewed ? reviewed : CampaignReviewBuilder.FormsOf(campaign.Header());
        text.Append(CultureInfo.InvariantCulture, $"What users will get ({forms.Count} form{(forms.Count == 1 ? "" : "s")}):\n");
        foreach (var form in forms)
        {
            var reach = review is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" - {(review.Estimated ? "about " : "")}{form.Devices:N0} devices");
            text.Append(CultureInfo.InvariantCulture, $"- {(form.ArmName is { } arm ? $"variant {arm}, " : "")}{ReviewLabels.Language(form.Locale)}{reach}\n");
            text.Append(CultureInfo.InvariantCulture, $"    title: {form.Template.Title}\n    body: {form.Template.Body}\n");
        }

        foreach (var column in review?.Columns ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{{{{ {column.Column} }}}}: {column.WithValue:N0} users have a value, {(column.DistinctExact ? "" : "about ")}{column.Distinct:N0} distinct; most common: ");
            text.Append(string.Join(", ", column.Top.Select(t => string.Create(CultureInfo.InvariantCulture, $"\"{t.Value}\" ({t.Count:N0})"))));
            text.Append(CultureInfo.InvariantCulture, $"; longest: \"{column.Longest}\"\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nAudience query:\n{campaign.AudienceQuery}\n");
        return text.ToString();
    }
}
