using System.Security.Cryptography;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Audience;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Files;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Identity;

namespace Notifications.Core.Api;

/// <summary>The campaign endpoints: submit a request, read it with its audit trail. Every caller is signed in.</summary>
public sealed class CampaignApi
{
    /// <summary>The header that makes a submit safe to repeat.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly CampaignService _service;
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly HostReadiness _readiness;
    private readonly BatchService _batches;
    private readonly ApprovalOptions _approvals;
    private readonly AudiencePreviewer _previewer;
    private readonly Delivery.MessageOptions _messages;

    /// <summary>Creates the API; submits go through <paramref name="service"/>, and a campaign is read with its audit trail and its sends.</summary>
    public CampaignApi(
        CampaignService service, CampaignStore campaigns, CampaignAuditLog audit, TimeProvider time, HostReadiness readiness, BatchService batches,
        IOptions<ApprovalOptions> approvals, AudiencePreviewer previewer, IOptions<Delivery.MessageOptions> messages)
    {
        _messages = messages.Value;
        _previewer = previewer;
        _batches = batches;
        _approvals = approvals.Value;
        _readiness = readiness;
        _service = service;
        _campaigns = campaigns;
        _audit = audit;
        _time = time;
    }

    /// <summary>
    /// <c>POST /api/campaigns</c>: 202 with the campaign (its id starts the approval flow), 200 with the first campaign
    /// for a repeated <c>Idempotency-Key</c>, 400 with field errors, 409/422 when the key cannot be honoured.
    /// </summary>
    public async Task<ApiResponse> SubmitAsync(DurableTaskClient client, Caller requester, ApiBody body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !CampaignService.IsValidIdempotencyKey(idempotencyKey))
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["1-100 of letters, digits and ._:-"] });
        }

        if (_readiness.NotReadyBecause is { } starting)
        {
            // Nothing is read or stored: the same request submitted again once the host is ready is a first submit.
            return ApiResponse.Problem(503, "The host is still starting.", $"It is {starting}; submit again in a few seconds.");
        }

        var (request, problem) = await ApiJson.ReadAsync<CampaignRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        CampaignSubmission submitted;
        try
        {
            submitted = await _service.SubmitAsync(client, request!, requester, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (AudienceQueryException ex) when (ex.IsTransient)
        {
            // The engine could not say whether the query is valid: nothing was stored, so a retry is safe.
            return ApiResponse.Problem(503, "The audience engine is unavailable.", "The query could not be checked right now; submit again in a minute.");
        }

        return submitted switch
        {
            { Conflict: { } conflict } => ApiResponse.Problem(submitted.KeyReused ? 422 : 409, "The Idempotency-Key cannot be used.", conflict),
            { Campaign: { } campaign } => new ApiResponse(submitted.Repeated ? 200 : 202, campaign, $"/api/campaigns/{campaign.Id}"),
            _ => ApiResponse.ValidationProblem(new Dictionary<string, string[]>(submitted.Errors), "The campaign request is invalid; see errors by field."),
        };
    }

    /// <summary>
    /// <c>POST /api/campaigns/preview</c>: runs the audience query as a bounded dry run and answers with the user count,
    /// the devices on the chosen platforms and a few user ids; 400 with the query's problem in its author's terms.
    /// Nothing is stored and nobody is asked.
    /// </summary>
    public async Task<ApiResponse> PreviewAsync(ApiBody body, CancellationToken cancellationToken)
    {
        if (_readiness.NotReadyBecause is { } starting)
        {
            return ApiResponse.Problem(503, "The host is still starting.", $"It is {starting}; preview again in a few seconds.");
        }

        var (request, problem) = await ApiJson.ReadAsync<AudiencePreviewRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request!.AudienceQuery))
        {
            errors["audienceQuery"] = ["required: SQL that returns a user_id column"];
        }
        else if (request.AudienceQuery.Length > CampaignRequestValidator.MaxQueryLength)
        {
            errors["audienceQuery"] = [$"at most {CampaignRequestValidator.MaxQueryLength} characters"];
        }

        var platforms = new List<Delivery.PushPlatform>();
        foreach (var (name, i) in (request.Platforms ?? []).Select((p, i) => (p, i)))
        {
            if (Devices.PlatformNames.TryParse(name, out var platform))
            {
                platforms.Add(platform);
            }
            else
            {
                errors[$"platforms[{i}]"] = ["must be android or ios"];
            }
        }

        if (errors.Count > 0)
        {
            return ApiResponse.ValidationProblem(errors, "The preview request is invalid; see errors by field.");
        }

        try
        {
            var (preview, queryProblem) = await _previewer.PreviewAsync(request.AudienceQuery!.Trim(), platforms, PushOf(request), cancellationToken).ConfigureAwait(false);
            return preview is not null
                ? new ApiResponse(200, preview)
                : ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["audienceQuery"] = [queryProblem!] }, "The audience query cannot run.");
        }
        catch (AudienceQueryException ex) when (ex.IsTransient)
        {
            return ApiResponse.Problem(503, "The audience engine is unavailable.", "The query could not be previewed right now; try again in a minute.");
        }
    }

    /// <summary>
    /// <c>GET /api/campaigns?status=&amp;from=&amp;to=&amp;limit=&amp;before=</c>: a page of campaigns, newest first, with the
    /// next page's <c>before</c> in <c>older</c>; 400 naming the parameter that is wrong.
    /// </summary>
    public async Task<ApiResponse> ListAsync(Func<string, string?> query, CancellationToken cancellationToken)
    {
        var (list, errors) = CampaignListQuery.Parse(query, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        return list is null
            ? ApiResponse.ValidationProblem(errors, "The list query is invalid; see errors by parameter.")
            : new ApiResponse(200, await _campaigns.ListAsync(list, cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>GET /api/campaigns/{id}</c>.</summary>
    public async Task<ApiResponse> GetAsync(string id, CancellationToken cancellationToken) =>
        CampaignIds.IsValid(id) && await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } campaign
            ? new ApiResponse(200, campaign)
            : NoSuchCampaign();

    /// <summary><c>GET /api/campaigns/{id}/audit</c>: who did what, when, from which link.</summary>
    public async Task<ApiResponse> GetAuditAsync(string id, CancellationToken cancellationToken)
    {
        if (!CampaignIds.IsValid(id) || await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoSuchCampaign();
        }

        return new ApiResponse(200, await _audit.ReadAsync(id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>POST /api/campaigns/{id}/cancel</c>: the requester or an approver withdraws a campaign. Before a decision
    /// or before its send time the approval flow ends it; while it sends, chunks that have not pushed stop. 202 with
    /// the campaign, 403 for anyone else, 409 once it is over.
    /// </summary>
    public async Task<ApiResponse> CancelAsync(DurableTaskClient client, Caller caller, string id, ApiBody body, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiJson.ReadAsync<CancelCampaignRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var reason = request!.Reason?.Trim();
        if (reason is { Length: > CancelCampaignRequest.MaxReasonLength })
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"at most {CancelCampaignRequest.MaxReasonLength} characters"] });
        }

        if (!CampaignIds.IsValid(id) || await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } campaign)
        {
            return NoSuchCampaign();
        }

        // The same person by object id where both sides have one: an alias is neither more nor less than its owner.
        var isRequester = People.Same(caller.Email, caller.ObjectId, campaign.RequesterEmail, campaign.RequesterObjectId);
        if (!isRequester && _approvals.Find(caller) is null)
        {
            return ApiResponse.Problem(403, "Not allowed to cancel.", "Only the requester or an approver can cancel a campaign.");
        }

        if (campaign.Status.IsFinal())
        {
            return ApiResponse.Problem(409, "Nothing to cancel.", $"The campaign is already {campaign.Status.ToText().ToLowerInvariant()}.");
        }

        if (campaign.Status == CampaignStatus.Sending && campaign.BatchId is null)
        {
            return ApiResponse.Problem(409, "The send is starting.", "Cancel again in a few seconds, once the send has an id.");
        }

        var now = _time.GetUtcNow();
        await _audit.AppendAsync(id, new AuditEntry(now, People.Describe(caller.Email, caller.ObjectId), "cancel-requested",
                $"{(isRequester ? "the requester" : "an approver")} asked to cancel while the campaign was {campaign.Status.ToText().ToLowerInvariant()}"
                + (string.IsNullOrEmpty(reason) ? string.Empty : $": {reason}")),
            "cancel-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), cancellationToken).ConfigureAwait(false);
        if (campaign.BatchId is { } batchId)
        {
            // The marker stops chunks even if the send's orchestration has not started yet.
            await _batches.CancelAsync(client, batchId, caller.Email, markIfNotStarted: true, cancellationToken).ConfigureAwait(false);
        }

        // Also raised while it sends: harmless there, and it ends the flow if the status read above was a step behind.
        await client.RaiseEventAsync(id, ApprovalTaskNames.DecisionEvent,
                new ApprovalDecision(ApprovalAction.Cancel, caller.Email, LinkId: "page") { ApproverObjectId = caller.ObjectId }, cancellationToken)
            .ConfigureAwait(false);
        return new ApiResponse(202, campaign, $"/api/campaigns/{campaign.Id}");
    }

    /// <summary>
    /// The push a preview request carried, as the header its draft would have, when it is whole and valid (its forms'
    /// reach is previewed too); null otherwise: the submit names the push's problems, the preview is about the audience.
    /// </summary>
    private BatchHeader? PushOf(AudiencePreviewRequest request)
    {
        var probe = new CampaignRequest { Message = request.Message, Variants = request.Variants, ControlPercent = request.ControlPercent };
        if (request.Message is null && request.Variants is null
            || CampaignRequestValidator.Validate(probe, _time.GetUtcNow(), _messages.DeepLinkSchemes()).Keys
                .Any(k => k.StartsWith("message", StringComparison.Ordinal) || k.StartsWith("variants", StringComparison.Ordinal) || k == "controlPercent"))
        {
            return null;
        }

        var columns = MessageForms.ColumnsOf(CampaignRequestValidator.MessagesOf(probe));
        var header = new BatchHeader
        {
            CampaignId = "preview",
            Message = request.Variants is null ? request.Message : null,
            Experiment = request.Variants is { } variants
                ? new Experiment
                {
                    Id = "preview", ControlPercent = request.ControlPercent ?? 0,
                    Variants = variants.Select(v => new ExperimentVariant { Name = v.Name!, Percent = v.Percent!.Value, Message = v.Message! }).ToList(),
                }
                : null,
            Columns = columns.Count > 0 ? columns : null,
        };

        // A form over 4 KB with its defaults is the submit's error to name; the preview leaves the forms out.
        return BatchHeaderValidator.Validate(header).Any() ? null : header;
    }

    private static ApiResponse NoSuchCampaign() => ApiResponse.Problem(404, "No such campaign.", "There is no campaign with that id.");
}
