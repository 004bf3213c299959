using System.Globalization;
using System.Security.Cryptography;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;
using Notifications.Core.Storage;

namespace Notifications.Core.Api;

/// <summary>
/// A requester's test push from the request form, before submitting: one form of the campaign as it stands, with
/// placeholder defaults, to an allow-listed test user's devices (or their own, for an approver with an app user), through
/// the same send as every campaign. Limited per person per hour and audited (the <c>form-tests</c> audit trail).
/// </summary>
public sealed class CampaignTestApi
{
    /// <summary>The audit trail every form test is written to.</summary>
    public const string AuditTrail = "form-tests";

    private readonly TestPushPreparer _preparer;
    private readonly TestPushResultStore _results;
    private readonly ApprovalOptions _approvals;
    private readonly MessageOptions _messages;
    private readonly StorageClients _storage;
    private readonly CampaignAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly HostReadiness _readiness;

    /// <summary>Creates the API; <paramref name="approvals"/> lists the test users and the per-hour limit.</summary>
    public CampaignTestApi(
        TestPushPreparer preparer, TestPushResultStore results, IOptions<ApprovalOptions> approvals, IOptions<MessageOptions> messages, StorageClients storage,
        CampaignAuditLog audit, TimeProvider time, HostReadiness readiness)
    {
        _preparer = preparer;
        _results = results;
        _approvals = approvals.Value;
        _messages = messages.Value;
        _storage = storage;
        _audit = audit;
        _time = time;
        _readiness = readiness;
    }

    /// <summary>
    /// <c>POST /api/campaigns/tests</c>: 202 with the test (its result at <c>Location</c>), 200 when nothing could be
    /// sent (no device: the result says so), 400 with field errors, 429 over the hourly limit.
    /// </summary>
    public async Task<ApiResponse> SendAsync(DurableTaskClient client, Caller caller, ApiBody body, CancellationToken cancellationToken)
    {
        if (_readiness.NotReadyBecause is { } starting)
        {
            return ApiResponse.Problem(503, "The host is still starting.", $"It is {starting}; try again in a few seconds.");
        }

        var (request, problem) = await ApiJson.ReadAsync<CampaignTestRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Campaign is not { } campaign)
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["campaign"] = ["required: the request as the form would submit it"] });
        }

        // What the test needs of the request: its messages and platforms (the title and query are for the real submit).
        var errors = CampaignRequestValidator.Validate(campaign, _time.GetUtcNow(), _messages.DeepLinkSchemes())
            .Where(e => !e.Key.StartsWith("title", StringComparison.Ordinal) && !e.Key.StartsWith("audienceQuery", StringComparison.Ordinal))
            .ToDictionary(e => "campaign." + e.Key, e => e.Value);
        var messages = CampaignRequestValidator.MessagesOf(campaign);
        var armCount = campaign.Variants?.Count ?? 1;
        if (request.Arm < 0 || request.Arm >= armCount)
        {
            errors["arm"] = [$"from 0 to {armCount - 1}: the variant to test"];
        }

        string? ownUserId = _approvals.Find(caller)?.UserId;
        if (request.TestUserId is not null && _approvals.FindTestUser(request.TestUserId) is null)
        {
            errors["testUserId"] = ["not one of the test users (Approvals:TestUsers)"];
        }
        else if (request.TestUserId is null && ownUserId is null)
        {
            errors["testUserId"] = ["required: you have no app user of your own configured, so name a test user"];
        }

        if (errors.Count > 0)
        {
            return ApiResponse.ValidationProblem(errors, "The test request is invalid; see errors by field.");
        }

        var locale = request.Locale is null ? null : DeviceLocality.CanonicalLocale(request.Locale);
        var forms = MessageForms.FormsOf(messages[request.Arm]).Where(f => f.Locale == locale).ToList();
        if (forms.Count == 0)
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["locale"] = ["not a language of that variant's message"] });
        }

        var form = forms[0];

        var now = _time.GetUtcNow();
        if (!await ClaimAsync(caller, now, cancellationToken).ConfigureAwait(false))
        {
            return ApiResponse.Problem(429, "Too many test pushes.", $"Each person may send {_approvals.MaxFormTestsPerHour} test pushes from the form an hour; try again later.");
        }

        var id = $"form-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var (targetUserId, target) = _preparer.Target(request.TestUserId, ownUserId);
        var platforms = campaign.Platforms?.Select(p => PlatformNames.TryParse(p, out var platform) ? platform : default).Distinct().ToList() ?? [];
        var arm = campaign.Variants is { Count: > 0 } variants ? variants[request.Arm].Name : null;
        var plan = await _preparer.PrepareAsync(new TestPushSpec(
            id, null, "form-test", caller.Email, caller.ObjectId, targetUserId, target, ReviewLabels.Form(arm, form.Locale, null),
            MessageForms.Fill(form.Message, _ => null), platforms, now), cancellationToken).ConfigureAwait(false);
        await _audit.AppendAsync(AuditTrail, new AuditEntry(now, People.Describe(caller.Email, caller.ObjectId), "test-requested", plan.Result.Summary), id, cancellationToken)
            .ConfigureAwait(false);
        if (plan.Send is null)
        {
            return new ApiResponse(200, plan.Result, $"/api/campaigns/tests/{id}");
        }

        await client.ScheduleNewOrchestrationInstanceAsync(ApprovalTaskNames.SendTestPush, plan, new StartOrchestrationOptions("test-" + id), cancellationToken).ConfigureAwait(false);
        return new ApiResponse(202, plan.Result, $"/api/campaigns/tests/{id}");
    }

    /// <summary><c>GET /api/campaigns/tests/{id}</c>: the test's result, per device; only to the person who sent it.</summary>
    public async Task<ApiResponse> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        id.StartsWith("form-", StringComparison.Ordinal) && await _results.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } result
        && People.Same(caller.Email, caller.ObjectId, result.By, result.ByObjectId)
            ? new ApiResponse(200, result)
            : ApiResponse.Problem(404, "No such test.", "There is no test push of yours with that id.");

    /// <summary>One of the person's test slots of this hour (insert-only, so racing posts take one each).</summary>
    private async Task<bool> ClaimAsync(Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var slot = await _storage.ApprovalLinks.ClaimSlotAsync(
            $"form-tests-{ApproverKeys.Of(caller.ObjectId ?? caller.Email)}", string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMddHH}-"), _approvals.MaxFormTestsPerHour,
            claim => claim["By"] = caller.Email, cancellationToken).ConfigureAwait(false);
        return slot is not null;
    }
}
