using Notifications.Core.Batches.Files;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// Turns what the inspector saw while the draft was written into the review approvers read: reads the registry for the
/// sampled users only (so its cost is the sample's, never the audience's) to learn which form each of their devices
/// gets, scales that to each arm's exact user count, and renders the first sampled users in full.
/// </summary>
public sealed class CampaignReviewBuilder
{
    /// <summary>Users whose devices are read.</summary>
    public const int SampleSize = 200;

    /// <summary>Sampled users shown rendered in full.</summary>
    public const int SamplesShown = 5;

    /// <summary>Most common values shown per placeholder column.</summary>
    public const int TopValues = 5;

    private readonly IDeviceRegistry _registry;

    /// <summary>Creates the builder; <paramref name="registry"/> is read for the sampled users.</summary>
    public CampaignReviewBuilder(IDeviceRegistry registry) => _registry = registry;

    /// <summary>Every form of <paramref name="header"/>, arm by arm, the default language first, without reach figures.</summary>
    public static IReadOnlyList<ReviewForm> FormsOf(BatchHeader header) =>
        header.Arms.SelectMany((arm, index) => MessageForms.FormsOf(arm.Message).Select(form => new ReviewForm
        {
            Arm = index, ArmName = arm.Name, Percent = arm.Percent, Locale = form.Locale, Template = form.Message,
        })).ToList();

    /// <summary>
    /// Each form's reach, from the <paramref name="devices"/> of <paramref name="sample"/> (users chosen by a hash): each
    /// sampled user gets their arm by the send's own hash, each of their devices the form of its language. Figures scale
    /// to the audience of <paramref name="users"/> by each arm's user count (<paramref name="armUsers"/>, exact when the
    /// draft was written; else the sample's share); exact when the sample is the whole audience. The preview and the
    /// review both count this way.
    /// </summary>
    public static SampleReach Reach(
        BatchHeader header, IReadOnlyList<string> sample, IReadOnlyList<IReadOnlyList<DeviceRegistration>> devices, long users, IReadOnlyList<long>? armUsers)
    {
        var forms = FormsOf(header);
        var rendered = BatchHeaderValidator.Render(header);
        var armStart = Enumerable.Range(0, rendered.Length).Select(a => forms.TakeWhile(f => f.Arm != a).Count()).ToArray();
        int FormOf(int arm, string? locale) => armStart[arm] + (rendered[arm].LocaleFor(locale) is { } l ? l + 1 : 0);

        var formUsers = new long[forms.Count];
        var formAndroid = new long[forms.Count];
        var formIos = new long[forms.Count];
        var sampledInArm = new long[rendered.Length];
        var assign = header.Experiment is { } experiment ? new ExperimentArms(experiment) : null;
        var armOf = sample.Select(u => assign?.Assign(u) ?? 0).ToArray();
        for (var i = 0; i < sample.Count; i++)
        {
            if (armOf[i] == ExperimentArms.Control)
            {
                continue;
            }

            sampledInArm[armOf[i]]++;
            foreach (var form in devices[i].Select(d => FormOf(armOf[i], d.Locale)).Distinct())
            {
                formUsers[form]++;
            }

            foreach (var device in devices[i])
            {
                (device.Platform == PushPlatform.Ios ? formIos : formAndroid)[FormOf(armOf[i], device.Locale)]++;
            }
        }

        // Each arm scales by its users over its sampled users: the sample is by hash, like the arms.
        long Scale(long count, int arm) => sample.Count >= users || sampledInArm[arm] == 0
            ? count
            : (long)Math.Round((double)count * (armUsers?[arm] ?? (double)sampledInArm[arm] * users / sample.Count) / sampledInArm[arm], MidpointRounding.AwayFromZero);
        var reached = forms.Select((f, i) => f with
        {
            Users = Scale(formUsers[i], f.Arm),
            AndroidDevices = Scale(formAndroid[i], f.Arm),
            IosDevices = Scale(formIos[i], f.Arm),
        }).ToList();
        return new SampleReach(reached, armOf, devices, FormOf);
    }

    /// <summary>The review of <paramref name="campaign"/>'s draft with <paramref name="header"/> and the <paramref name="users"/> the inspector saw.</summary>
    public async Task<CampaignReview> BuildAsync(Campaign campaign, BatchHeader header, AudienceInspector inspector, long users, CancellationToken cancellationToken)
    {
        var columns = header.Columns ?? [];
        var sample = inspector.Sample.Users;
        var ids = sample.Select(u => u.UserId).ToList();
        var reach = Reach(header, ids, await _registry.GetDevicesAsync(ids, campaign.Platforms, cancellationToken).ConfigureAwait(false), users, inspector.ArmUsers);
        var (forms, armOf, devices) = (reach.Forms, reach.ArmOf, reach.Devices);

        var samples = new List<ReviewSample>();
        for (var i = 0; i < Math.Min(SamplesShown, sample.Count); i++)
        {
            var user = sample[i];
            var values = columns.Select((c, k) => (c, v: user.Values is not null && k < user.Values.Count ? user.Values[k] : null))
                .ToDictionary(p => p.c, p => p.v, StringComparer.Ordinal);
            var arm = armOf[i];
            if (arm == ExperimentArms.Control)
            {
                samples.Add(new ReviewSample { UserId = user.UserId, Control = true, Values = values, Devices = devices[i].Count });
                continue;
            }

            // One rendering per form the user's devices get; a user without a device is shown the default form.
            var byForm = devices[i].GroupBy(d => reach.FormOf(arm, d.Locale))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<PushPlatform>)g.Select(d => d.Platform).Distinct().Order().ToList());
            if (byForm.Count == 0)
            {
                byForm[reach.FormOf(arm, null)] = [];
            }

            var renderings = byForm.OrderBy(g => g.Key).Select(g =>
                new ReviewRendering(forms[g.Key].Locale, g.Value, MessageForms.Fill(forms[g.Key].Template, column => values.GetValueOrDefault(column))))
                .ToList();
            samples.Add(new ReviewSample
            {
                UserId = user.UserId, ArmName = forms[reach.FormOf(arm, null)].ArmName, Values = values, Devices = devices[i].Count, Renderings = renderings,
            });
        }

        var valuesDigest = inspector.ValuesDigest();
        var formsDigest = ApprovalDigest.Forms(header);
        return new CampaignReview
        {
            CampaignId = campaign.Id,
            Digest = ApprovalDigest.Combine(formsDigest, valuesDigest),
            FormsDigest = formsDigest,
            ValuesDigest = valuesDigest,
            Users = users,
            ArmUsers = inspector.ArmUsers,
            ControlPercent = header.Experiment?.ControlPercent ?? 0,
            SampledUsers = sample.Count,
            Forms = forms,
            Columns = inspector.Columns(TopValues),
            Samples = samples,
        };
    }
}
