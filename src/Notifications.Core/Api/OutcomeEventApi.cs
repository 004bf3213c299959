using System.Text.RegularExpressions;
using Azure;
using Notifications.Core.Batches;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Identity;

namespace Notifications.Core.Api;

/// <summary>
/// <c>POST /api/events</c>: the app reports that its user opened a push, or converted after one. Authenticated as
/// device registration is (the app user's own sign-in token says who; the body cannot), idempotent per user, campaign
/// and event type, and only for campaigns this system sent, with an arm of that campaign's experiment.
/// </summary>
public sealed partial class OutcomeEventApi
{
    /// <summary>How long after the fact an app may still report (a phone offline for a while).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    /// <summary>How far ahead of the server's clock an event may be (a phone's clock runs fast).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly OutcomeEventStore _store;
    private readonly AppUserTokens _tokens;
    private readonly TimeProvider _time;

    /// <summary>Creates the API; <paramref name="tokens"/> says which user reports, <paramref name="time"/> judges whether an event is too old or too early.</summary>
    public OutcomeEventApi(OutcomeEventStore store, AppUserTokens tokens, TimeProvider time)
    {
        _store = store;
        _tokens = tokens;
        _time = time;
    }

    /// <summary>201 when recorded, 200 when it was already, 401 without a valid app-user token, 404 for a campaign never sent.</summary>
    public async Task<ApiResponse> RecordAsync(string? authorization, ApiBody body, CancellationToken cancellationToken)
    {
        // The token first: an anonymous caller learns nothing about what a valid body looks like.
        var (userId, denied) = await AppUserAuthentication.AuthenticateAsync(_tokens, authorization, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var (request, problem) = await ApiJson.ReadAsync<OutcomeEventRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var now = _time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        OutcomeEventType type = default;
        switch (request!.Type)
        {
            case "opened":
                type = OutcomeEventType.Opened;
                break;
            case "converted":
                type = OutcomeEventType.Converted;
                break;
            default:
                errors["type"] = ["required: opened or converted"];
                break;
        }

        if (!CampaignIds.IsValid(request.CampaignId))
        {
            errors["campaignId"] = ["required: the push's 'campaign' data value (1-128 of letters, digits, '.', '_', '-')"];
        }

        if (request.Arm is not null && !CampaignIds.IsValid(request.Arm))
        {
            errors["arm"] = ["the push's 'arm' data value (1-128 of letters, digits, '.', '_', '-'), or absent"];
        }

        if (type == OutcomeEventType.Converted && (request.Goal is null || !GoalPattern().IsMatch(request.Goal)))
        {
            errors["goal"] = ["required for converted: 1-64 of a-z, 0-9, '_', '.', '-'"];
        }
        else if (type == OutcomeEventType.Opened && request.Goal is not null)
        {
            errors["goal"] = ["only a conversion has a goal"];
        }

        if (request.OccurredAt is { } at && (at < now - MaxAge || at > now + MaxClockSkew))
        {
            errors["occurredAt"] = [$"must be within the last {MaxAge.TotalDays:0} days and not in the future"];
        }

        if (errors.Count > 0)
        {
            return ApiResponse.ValidationProblem(errors);
        }

        try
        {
            if (await _store.FindCampaignAsync(request.CampaignId!, cancellationToken).ConfigureAwait(false) is not { } campaign)
            {
                return ApiResponse.Problem(404, "No such campaign.", "This system has sent no campaign with that id.");
            }

            if (request.Arm is { } arm && !campaign.Arms.Contains(arm, StringComparer.Ordinal))
            {
                return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["arm"] = ["not an arm of that campaign's experiment"] });
            }

            var outcome = new OutcomeEvent(type, userId!, request.CampaignId!, request.Arm, request.Goal, (request.OccurredAt ?? now).UtcDateTime, now.UtcDateTime);
            var recorded = await _store.RecordAsync(outcome, cancellationToken).ConfigureAwait(false);
            return new ApiResponse(recorded ? 201 : 200, new { recorded, type = OutcomeEvent.Name(type), campaignId = outcome.CampaignId });
        }
        catch (RequestFailedException)
        {
            return ApiResponse.Problem(503, "The event could not be stored right now.", "Nothing was recorded; send it again later.");
        }
    }

    [GeneratedRegex("^[a-z0-9_.-]{1,64}$")]
    private static partial Regex GoalPattern();
}
