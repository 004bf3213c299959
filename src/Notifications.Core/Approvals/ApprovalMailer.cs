using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Email;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals;

/// <summary>
/// Sends the approval flow's emails. Each approver's email is its own step and is sent once: a marker is written
/// after it is accepted, so a retried activity skips an approver already emailed instead of mailing them again with
/// a second set of live links. Each send also carries an idempotency key for providers that honour one.
/// </summary>
public sealed class ApprovalMailer
{
    private readonly CampaignStore _campaigns;
    private readonly IEmailSender _email;
    private readonly ApprovalLinkSigner _links;
    private readonly StorageClients _storage;
    private readonly ApprovalOptions _options;
    private readonly ApprovalEmails _emails;
    private readonly Review.CampaignReviewStore _reviews;

    /// <summary>Creates the mailer; its sent markers are rows of the approval-links table, and each email shows the campaign's review.</summary>
    public ApprovalMailer(
        CampaignStore campaigns, IEmailSender email, ApprovalLinkSigner links, StorageClients storage, IOptions<ApprovalOptions> options,
        ApprovalEmails emails, Review.CampaignReviewStore reviews)
    {
        _emails = emails;
        _reviews = reviews;
        _campaigns = campaigns;
        _email = email;
        _links = links;
        _storage = storage;
        _options = options.Value;
    }

    /// <summary>Emails one approver signed links bound to them; false when an earlier attempt already did.</summary>
    public async Task<bool> SendToApproverAsync(ApproverEmailRequest request, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var marker = "emailed-" + ApproverKeys.Of(request.Approver);
        if ((await _storage.ApprovalLinks.GetEntityIfExistsAsync<TableEntity>(request.CampaignId, marker, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            return false;
        }

        var campaign = await LoadAsync(request.CampaignId, cancellationToken).ConfigureAwait(false);
        var email = request.Approver;
        var name = _options.Find(email)?.Name is { Length: > 0 } n ? n : email;
        var review = await _reviews.GetAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var links = new ApprovalEmailLinks(
            _links.Url(_links.Issue(campaign.Id, ApprovalAction.Approve, email, request.ExpiresAt)).ToString(),
            _links.Url(_links.Issue(campaign.Id, ApprovalAction.Reject, email, request.ExpiresAt)).ToString(),
            _links.Url(_links.Issue(campaign.Id, ApprovalAction.Test, email, request.ExpiresAt)).ToString());
        var message = await _emails.ForApproverAsync(campaign, review, request.Users, name, request.ExpiresAt, links, ApprovalEmails.PageOf(_options.PublicBaseUrl, campaign.Id))
            .ConfigureAwait(false);
        await _email.SendAsync(message with { To = [email] }, $"{campaign.Id}:request:{email.ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        try
        {
            await _storage.ApprovalLinks.AddEntityAsync(new TableEntity(request.CampaignId, marker) { ["Approver"] = email }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A concurrent duplicate of this activity got there first; the approver has one email either way.
        }

        return true;
    }

    /// <summary>Emails the requester what the approvers were asked (no links).</summary>
    public async Task SendRequesterCopyAsync(ApprovalEmailRequest request, CancellationToken cancellationToken = default)
    {
        var campaign = await LoadAsync(request.CampaignId, cancellationToken).ConfigureAwait(false);
        var review = await _reviews.GetAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var message = await _emails.ForRequesterAsync(campaign, review, request.Users, request.Approvers, request.ExpiresAt, ApprovalEmails.PageOf(_options.PublicBaseUrl, campaign.Id))
            .ConfigureAwait(false);
        await _email.SendAsync(message, $"{campaign.Id}:request:requester", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the requester how it ended.</summary>
    public async Task NotifyRequesterAsync(RequesterNotice notice, CancellationToken cancellationToken = default)
    {
        var campaign = await LoadAsync(notice.CampaignId, cancellationToken).ConfigureAwait(false);
        var message = await _emails.OutcomeAsync(campaign, notice.Outcome, notice.Detail, notice.Summary, ApprovalEmails.PageOf(_options.PublicBaseUrl, campaign.Id))
            .ConfigureAwait(false);
        await _email.SendAsync(message, $"{campaign.Id}:outcome:{notice.Outcome}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<Campaign> LoadAsync(string id, CancellationToken cancellationToken) =>
        await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"campaign {id} does not exist");
}
