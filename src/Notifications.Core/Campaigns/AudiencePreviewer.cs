using Notifications.Core.Audience;
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
    public async Task<(AudiencePreview? Preview, string? Problem)> PreviewAsync(
        string sql, IReadOnlyCollection<PushPlatform> platforms, CancellationToken cancellationToken = default)
    {
        var sample = await _audience.SampleAsync(new AudienceQuery(sql, Label: "preview"), SampleSize, CountLimit, cancellationToken).ConfigureAwait(false);
        if (sample.Problem is { } problem)
        {
            return (null, problem);
        }

        var users = sample.Sample.Where(DeviceKeys.IsValidUserId).ToList();
        var (devices, estimated) = await EstimateDevicesAsync(sample.Users, users, platforms, cancellationToken).ConfigureAwait(false);
        return (new AudiencePreview
        {
            Users = sample.Users,
            UsersAtLeast = sample.AtLeast,
            Devices = devices,
            DevicesEstimated = estimated,
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
        if (sampled.Count == 0)
        {
            return (0, users > 0);
        }

        var wanted = platforms.Count == 0 ? Enum.GetValues<PushPlatform>() : platforms;
        long found = 0;
        await Parallel.ForEachAsync(sampled, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (userId, ct) =>
        {
            var devices = await _devices.GetDevicesAsync(userId, ct).ConfigureAwait(false);
            Interlocked.Add(ref found, devices.Count(d => wanted.Contains(d.Platform)));
        }).ConfigureAwait(false);
        return users <= sampled.Count
            ? (found, false)
            : ((long)Math.Round((double)found * users / sampled.Count, MidpointRounding.AwayFromZero), true);
    }
}
