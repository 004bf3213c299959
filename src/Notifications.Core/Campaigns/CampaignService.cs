using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;

namespace Notifications.Core.Campaigns;

/// <summary>
/// Takes ad-hoc campaign requests: validates them (the audience query by the engine itself), stores them under the
/// signed-in requester, and starts one approval orchestration each.
/// </summary>
public sealed partial class CampaignService
{
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly IAudienceSource _audience;
    private readonly MessageOptions _messages;
    private readonly TimeProvider _time;

    /// <summary>Creates the service; <paramref name="audience"/> checks queries with the engine itself, <paramref name="messages"/> lists the allowed deep-link schemes.</summary>
    public CampaignService(CampaignStore campaigns, CampaignAuditLog audit, IAudienceSource audience, IOptions<MessageOptions> messages, TimeProvider time)
    {
        _campaigns = campaigns;
        _audit = audit;
        _audience = audience;
        _messages = messages.Value;
        _time = time;
    }

    /// <summary>Whether an <c>Idempotency-Key</c> header value can be used: 1-100 of letters, digits and <c>-_.:</c>.</summary>
    public static bool IsValidIdempotencyKey(string? key) => key is not null && IdempotencyKeyShape().IsMatch(key);

    /// <summary>
    /// Submits a request as <paramref name="requester"/>; with <paramref name="idempotencyKey"/>, a repeat of the same
    /// request returns the campaign the first one created instead of a second campaign.
    /// </summary>
    public async Task<CampaignSubmission> SubmitAsync(
        DurableTaskClient client, CampaignRequest request, Caller requester, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var requestHash = idempotencyKey is null ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, BatchFileReader.JsonOptions)));
        if (idempotencyKey is not null
            && await _campaigns.FindIdempotencyKeyAsync(requester.Email, idempotencyKey, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return await RepeatAsync(earlier, requestHash, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var errors = CampaignRequestValidator.Validate(request, now, _messages.DeepLinkSchemes());
        if (errors.Count > 0)
        {
            return new CampaignSubmission(null, errors);
        }

        // 96 random bits: the id is in page URLs and emails, and must not be guessable from its neighbours.
        var id = $"{CampaignStore.IdPrefix}{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

        // The engine, not a hand-written parser, decides what the query is; refused here, nothing is stored or asked.
        // With the placeholders' columns: a placeholder naming a column the query does not return is the message's error.
        var placeholders = request.Variants is { Count: > 0 } variants
            ? variants.SelectMany((v, i) => MessageForms.PlaceholdersOf(v.Message!, $"variants[{i}].message")).ToList()
            : MessageForms.PlaceholdersOf(request.Message!);
        var messages = CampaignRequestValidator.MessagesOf(request);
        var check = await _audience.CheckAsync(new AudienceQuery(request.AudienceQuery!.Trim(), Label: id, Columns: MessageForms.ColumnsOf(messages)), cancellationToken)
            .ConfigureAwait(false);
        if (check.MissingColumns.Count > 0)
        {
            return new CampaignSubmission(null, placeholders.Where(p => check.MissingColumns.Contains(p.Column, StringComparer.Ordinal))
                .GroupBy(p => p.Field)
                .ToDictionary(g => g.Key, g => g.Select(p => $"the placeholder {{{{{p.Column}}}}} names a column the audience query does not return").ToArray()));
        }

        if (!check.IsValid)
        {
            return new CampaignSubmission(null, new Dictionary<string, string[]> { ["audienceQuery"] = [check.Problem!] });
        }

        if (idempotencyKey is not null
            && await _campaigns.ClaimIdempotencyKeyAsync(requester.Email, idempotencyKey, id, requestHash, cancellationToken).ConfigureAwait(false) is { } winner)
        {
            return await RepeatAsync(winner, requestHash, cancellationToken).ConfigureAwait(false);
        }

        var campaign = new Campaign
        {
            Id = id,
            Title = request.Title!.Trim(),
            AudienceQuery = request.AudienceQuery!.Trim(),
            Message = request.Variants is null ? request.Message : null,
            Variants = request.Variants?.Select(v => new ExperimentVariant { Name = v.Name!, Percent = v.Percent!.Value, Message = v.Message! }).ToList(),
            ControlPercent = request.ControlPercent ?? 0,
            Placeholders = request.Placeholders,
            Platforms = request.Platforms!.Select(p => PlatformNames.TryParse(p, out var platform) ? platform : default).Distinct().ToList(),
            RequesterName = requester.Name,
            RequesterEmail = requester.Email,
            RequesterObjectId = requester.ObjectId,
            SendAfter = request.SendAfter,
            QuietHours = CampaignRequestValidator.ParseQuietHours(request.QuietHours),
            DeliverAt = request.DeliverAt,
            LocalTime = request.LocalTime == true,
            MaxPerMinute = request.MaxPerMinute,
            SubmittedAt = now,
            Status = CampaignStatus.Submitted,
        };
        await _campaigns.CreateAsync(campaign, cancellationToken).ConfigureAwait(false);
        await _audit.AppendAsync(campaign.Id, new AuditEntry(now, campaign.RequesterEmail, "submitted",
                $"requested by {campaign.RequesterName} (signed in via {requester.Source}): {campaign.Title}"), "submitted", cancellationToken)
            .ConfigureAwait(false);
        await client.ScheduleNewOrchestrationInstanceAsync(ApprovalTaskNames.ApproveCampaign, campaign.Id, new StartOrchestrationOptions(campaign.Id), cancellationToken).ConfigureAwait(false);
        return new CampaignSubmission(campaign, new Dictionary<string, string[]>());
    }

    private async Task<CampaignSubmission> RepeatAsync(IdempotencyClaim claim, string requestHash, CancellationToken cancellationToken)
    {
        if (!string.Equals(claim.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return new CampaignSubmission(null, new Dictionary<string, string[]>(), Conflict: "this Idempotency-Key was used for a different request", KeyReused: true);
        }

        return await _campaigns.GetAsync(claim.CampaignId, cancellationToken).ConfigureAwait(false) is { } first
            ? new CampaignSubmission(first, new Dictionary<string, string[]>(), Repeated: true)
            : new CampaignSubmission(null, new Dictionary<string, string[]>(), Conflict: "the first request with this Idempotency-Key is still being processed; retry shortly");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial System.Text.RegularExpressions.Regex IdempotencyKeyShape();
}
