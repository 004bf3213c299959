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
    /// <param name="sql">The audience query.</param>
    /// <param name="platforms">The platforms whose devices count.</param>
    /// <param name="arms">The push's arms (name, share of the audience, message), when the request carried a valid one: each form's reach is estimated too.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    public async Task<(AudiencePreview? Preview, string? Problem)> PreviewAsync(
        string sql, IReadOnlyCollection<PushPlatform> platforms, IReadOnlyList<(string? Name, decimal Percent, PushMessage Message)>? arms = null,
        CancellationToken cancellationToken = default)
    {
        var sample = await _audience.SampleAsync(new AudienceQuery(sql, Label: "preview"), SampleSize, CountLimit, cancellationToken).ConfigureAwait(false);
        if (sample.Problem is { } problem)
        {
            return (null, problem);
        }

        var users = sample.Sample.Where(DeviceKeys.IsValidUserId).ToList();
        var wanted = platforms.Count == 0 ? Enum.GetValues<PushPlatform>() : platforms;
        var sampled = await DevicesOfAsync(users, wanted, cancellationToken).ConfigureAwait(false);
        var found = sampled.Sum(d => d.Count);
        var estimated = sample.Users > users.Count;
        var scale = users.Count == 0 ? 0 : (double)sample.Users / users.Count;
        var devices = estimated ? (long)Math.Round(found * scale, MidpointRounding.AwayFromZero) : found;
        return (new AudiencePreview
        {
            Forms = arms is null ? [] : FormsOf(arms, sampled, scale),
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
    /// Each arm's forms with their reach: a sampled user's devices each get the form of their language, and each arm has
    /// its share of the sample (arms are assigned by a hash, so the share is what each gets).
    /// </summary>
    private static List<PreviewForm> FormsOf(
        IReadOnlyList<(string? Name, decimal Percent, PushMessage Message)> arms, IReadOnlyList<IReadOnlyList<DeviceRegistration>> sampled, double scale)
    {
        var forms = new List<PreviewForm>();
        for (var arm = 0; arm < arms.Count; arm++)
        {
            var (name, percent, message) = arms[arm];
            var all = MessageForms.FormsOf(message);
            var tags = all.Skip(1).Select(f => f.Locale!).ToList();
            var share = (double)percent / 100;
            foreach (var (locale, form) in all)
            {
                var devices = sampled.Sum(user => user.Count(d => MessageForms.LocaleOf(tags, d.Locale) == locale));
                var users = sampled.Count(user => user.Any(d => MessageForms.LocaleOf(tags, d.Locale) == locale));
                var shown = MessageForms.Fill(form, _ => null);
                forms.Add(new PreviewForm
                {
                    Arm = arm, ArmName = name, Locale = locale,
                    Label = (name is null ? "" : $"Variant {name} · ") + Approvals.Review.ReviewLabels.Language(locale),
                    Title = shown.Title, Body = shown.Body, ImageUrl = shown.ImageUrl, TemplateTitle = form.Title, TemplateBody = form.Body,
                    Devices = (long)Math.Round(devices * scale * share, MidpointRounding.AwayFromZero),
                    Users = (long)Math.Round(users * scale * share, MidpointRounding.AwayFromZero),
                });
            }
        }

        return forms;
    }

    private async Task<IReadOnlyList<IReadOnlyList<DeviceRegistration>>> DevicesOfAsync(
        List<string> users, IReadOnlyCollection<PushPlatform> platforms, CancellationToken cancellationToken)
    {
        var devices = new IReadOnlyList<DeviceRegistration>[users.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            devices[i] = (await _devices.GetDevicesAsync(users[i], ct).ConfigureAwait(false)).Where(d => platforms.Contains(d.Platform)).ToList()).ConfigureAwait(false);
        return devices;
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
