using Notifications.Core.Approvals.Review;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Campaigns;

/// <summary>
/// Whom a query reaches, before it is submitted: the engine counts and samples the users in one bounded query, and
/// the registry is read for the sampled users only, so a preview costs the same for a hundred users or ten million.
/// </summary>
public sealed class AudiencePreviewer
{
    /// <summary>Users whose devices are looked up: beyond it, devices are estimated from them.</summary>
    public const int SampleSize = 200;

    /// <summary>Where counting stops ("at least").</summary>
    public const long CountLimit = 100_000_000;

    /// <summary>Sample user ids shown to the requester.</summary>
    public const int Shown = 5;

    private readonly IAudienceSource _audience;
    private readonly IDeviceRegistry _devices;

    /// <summary>Creates the previewer; <paramref name="audience"/> counts and samples the users, <paramref name="devices"/> is read for the sample only.</summary>
    public AudiencePreviewer(IAudienceSource audience, IDeviceRegistry devices)
    {
        _audience = audience;
        _devices = devices;
    }

    /// <summary>The preview, or the query's problem in its author's terms.</summary>
    /// <exception cref="AudienceQueryException">The engine failed transiently.</exception>
    /// <param name="sql">The audience query.</param>
    /// <param name="platforms">The platforms whose devices count.</param>
    /// <param name="push">
    /// The push as a batch header, when the request carried a valid one: each of its forms' reach is counted from the same
    /// sample, as the approvers' review counts it (<see cref="CampaignReviewBuilder.Reach"/>).
    /// </param>
    /// <param name="cancellationToken">Stops the query.</param>
    public async Task<(AudiencePreview? Preview, string? Problem)> PreviewAsync(
        string sql, IReadOnlyCollection<PushPlatform> platforms, BatchHeader? push = null, CancellationToken cancellationToken = default)
    {
        var sample = await _audience.SampleAsync(new AudienceQuery(sql, Label: "preview"), SampleSize, CountLimit, cancellationToken).ConfigureAwait(false);
        if (sample.Problem is { } problem)
        {
            return (null, problem);
        }

        var users = sample.Sample.Where(DeviceKeys.IsValidUserId).ToList();
        var devices = await _devices.GetDevicesAsync(users, platforms, cancellationToken).ConfigureAwait(false);
        return (new AudiencePreview
        {
            Forms = push is null ? [] : CampaignReviewBuilder.Reach(push, users, devices, sample.Users, null).Forms,
            Users = sample.Users,
            UsersAtLeast = sample.AtLeast,
            Devices = Scale(devices.Sum(d => d.Count), sample.Users, users.Count),
            DevicesEstimated = sample.Users > users.Count,
            SampleUserIds = users.Take(Shown).ToList(),
            BytesProcessed = sample.BytesProcessed,
            Engine = _audience.Engine,
        }, null);
    }

    /// <summary>
    /// Devices on <paramref name="platforms"/> of <paramref name="users"/> users, from the devices of
    /// <paramref name="sampled"/> of them: exact when the sample is all of them, else scaled up (rounded).
    /// </summary>
    public async Task<(long Devices, bool Estimated)> EstimateDevicesAsync(
        long users, IReadOnlyList<string> sampled, IReadOnlyCollection<PushPlatform> platforms, CancellationToken cancellationToken = default)
    {
        var found = (await _devices.GetDevicesAsync(sampled, platforms, cancellationToken).ConfigureAwait(false)).Sum(d => d.Count);
        return (Scale(found, users, sampled.Count), users > sampled.Count);
    }

    private static long Scale(long found, long users, int sampled) => users <= sampled || sampled == 0
        ? found
        : (long)Math.Round((double)found * users / sampled, MidpointRounding.AwayFromZero);
}
