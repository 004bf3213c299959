using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals.Testing;

/// <summary>
/// Writes the batch file of a test push: one chosen form of the campaign (an arm in one language, its placeholders
/// filled with a sample user's values or their defaults), to the devices of the person asking or of an allow-listed
/// test user, as explicit devices. Its campaign id gets a <c>-test</c> suffix, so a test does not collapse with (or
/// stand in for) the real push on the phone. When there is no device to send to, the result says so, and nothing is
/// written.
/// </summary>
public sealed class TestPushPreparer
{
    /// <summary>The most devices one test push goes to.</summary>
    public const int MaxDevices = 10;

    private readonly CampaignStore _campaigns;
    private readonly CampaignReviewStore _reviews;
    private readonly IDeviceRegistry _registry;
    private readonly StorageClients _storage;
    private readonly TestPushResultStore _results;
    private readonly ApprovalOptions _options;

    /// <summary>Creates the preparer; <paramref name="options"/> maps an approver to their app user and lists the test users, whose devices <paramref name="registry"/> holds.</summary>
    public TestPushPreparer(
        CampaignStore campaigns, CampaignReviewStore reviews, IDeviceRegistry registry, StorageClients storage, TestPushResultStore results, IOptions<ApprovalOptions> options)
    {
        _campaigns = campaigns;
        _reviews = reviews;
        _registry = registry;
        _storage = storage;
        _results = results;
        _options = options.Value;
    }

    /// <summary>An approver's test of a campaign, as they chose it on the test page.</summary>
    public async Task<TestPushPlan> PrepareAsync(TestPushRequest request, CancellationToken cancellationToken = default)
    {
        var campaign = await _campaigns.GetAsync(request.CampaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"campaign {request.CampaignId} does not exist");
        var choice = request.Choice ?? new TestPushChoice();
        var review = await _reviews.GetAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
        var forms = CampaignReviewBuilder.FormsOf(campaign.Header());
        var form = forms.FirstOrDefault(f => f.Arm == choice.Arm && f.Locale == choice.Locale) ?? forms[0];
        var sample = choice.Sample is { } k && review is not null && k >= 0 && k < review.Samples.Count ? review.Samples[k] : null;
        var (targetUserId, target) = Target(choice.TestUserId, _options.Find(request.Approver)?.UserId);
        var spec = new TestPushSpec(
            request.ResultId ?? $"{campaign.Id}.test-{request.Sequence:D3}", campaign.Id, campaign.Id + "-test", request.Approver, request.ApproverObjectId, targetUserId, target,
            ReviewLabels.Form(form.ArmName, form.Locale, sample is null ? null : choice.Sample!.Value + 1),
            MessageForms.Fill(form.Template, column => sample?.Values.GetValueOrDefault(column)), campaign.Platforms, request.At);
        return await PrepareAsync(spec, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whose devices a test goes to: a listed test user, else the person's own app user (<see cref="Yourself"/>).</summary>
    public (string? UserId, string Label) Target(string? testUserId, string? ownUserId) =>
        _options.FindTestUser(testUserId) is { } testUser ? (testUser.UserId, $"test user {testUser.Label}") : (ownUserId, Yourself);

    /// <summary>The target label of the person's own devices.</summary>
    public const string Yourself = "you";

    /// <summary>Writes the test batch file of <paramref name="spec"/> and its first result.</summary>
    public async Task<TestPushPlan> PrepareAsync(TestPushSpec spec, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var result = new TestPushResult
        {
            Id = spec.Id, CampaignId = spec.CampaignId, By = spec.By, ByObjectId = spec.ByObjectId, Target = spec.Target, Form = spec.Form, At = spec.At,
            Platforms = spec.Platforms,
        };
        var platforms = string.Join(" or ", spec.Platforms.Select(PlatformNames.ToDisplayName));
        if (spec.TargetUserId is null)
        {
            result = result with { NotSentBecause = "you have no app user configured for your own devices; choose a test user" };
            await _results.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            return new TestPushPlan(null, result);
        }

        var devices = (await _registry.GetDevicesAsync(spec.TargetUserId, cancellationToken).ConfigureAwait(false))
            .Where(d => spec.Platforms.Contains(d.Platform))
            .OrderBy(d => d.Platform).ThenByDescending(d => d.LastSeenAt)
            .Take(MaxDevices)
            .ToList();
        if (devices.Count == 0)
        {
            var who = spec.Target == Yourself ? "you have" : $"{spec.Target} has";
            result = result with { NotSentBecause = $"{who} no registered device on {platforms}" };
            await _results.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            return new TestPushPlan(null, result);
        }

        var blob = _storage.CampaignBatches.GetBlockBlobClient($"tests/{spec.Id}.json");
        await using var stream = new StagedBlockBlobStream(blob);
        await using (var file = BatchFileWriter.Create(stream, new BatchHeader
        {
            CampaignId = spec.CollapseCampaignId,
            Message = spec.Message,
            Options = new BatchSendOptions { Transactional = true, Platforms = spec.Platforms },
        }))
        {
            foreach (var device in devices)
            {
                file.AddDevice(device.Platform, device.Token, spec.TargetUserId);
            }

            await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var etag = await stream.CommitAsync(null, null, cancellationToken).ConfigureAwait(false);
        result = result with { Devices = devices.Select(d => new TestDevice(d.Platform, TokenRedactor.Redact(d.Token))).ToList() };
        await _results.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        return new TestPushPlan(new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, etag.ToString()), result);
    }
}
