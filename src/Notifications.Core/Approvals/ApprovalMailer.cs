using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Email;

namespace Notifications.Core.Approvals;

/// <summary>Sends the approval flow's emails, each with an idempotency key so a retried activity does not resend it.</summary>
public sealed class ApprovalMailer
{
    private readonly CampaignStore _campaigns;
    private readonly IEmailSender _email;
    private readonly ApprovalLinkSigner _links;
    private readonly ApprovalOptions _options;

    /// <summary>Creates the mailer.</summary>
    public ApprovalMailer(CampaignStore campaigns, IEmailSender email, ApprovalLinkSigner links, IOptions<ApprovalOptions> options)
    {
        _campaigns = campaigns;
        _email = email;
        _links = links;
        _options = options.Value;
    }

    /// <summary>Emails every approver (with signed links bound to them) and the requester (without).</summary>
    public async Task SendRequestsAsync(ApprovalEmailRequest request, CancellationToken cancellationToken = default)
    {
        var campaign = await LoadAsync(request.CampaignId, cancellationToken).ConfigureAwait(false);
        foreach (var email in request.Approvers)
        {
            var name = _options.Find(email)?.Name is { Length: > 0 } n ? n : email;
            var message = ApprovalEmails.ForApprover(campaign, request.Users, name, request.ExpiresAt,
                _links.Url(_links.Issue(campaign.Id, ApprovalAction.Approve, email, request.ExpiresAt)),
                _links.Url(_links.Issue(campaign.Id, ApprovalAction.Reject, email, request.ExpiresAt)),
                _links.Url(_links.Issue(campaign.Id, ApprovalAction.Test, email, request.ExpiresAt)));
            await _email.SendAsync(message with { To = [email] }, $"{campaign.Id}:request:{email.ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        }

        await _email.SendAsync(ApprovalEmails.ForRequester(campaign, request.Users, request.Approvers, request.ExpiresAt),
            $"{campaign.Id}:request:requester", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the requester how it ended.</summary>
    public async Task NotifyRequesterAsync(RequesterNotice notice, CancellationToken cancellationToken = default)
    {
        var campaign = await LoadAsync(notice.CampaignId, cancellationToken).ConfigureAwait(false);
        await _email.SendAsync(ApprovalEmails.Outcome(campaign, notice.Outcome, notice.Detail, notice.Summary),
            $"{campaign.Id}:outcome:{notice.Outcome}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<Campaign> LoadAsync(string id, CancellationToken cancellationToken) =>
        await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"campaign {id} does not exist");
}
