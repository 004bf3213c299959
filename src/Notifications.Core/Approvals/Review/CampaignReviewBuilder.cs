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
    public static IReadOnlyList<ReviewForm> FormsOf(BatchHeader header)
    {
        var arms = header.Experiment is { } experiment
            ? experiment.Variants.Select(v => ((string?)v.Name, v.Percent, v.Message)).ToList()
            : [(null, 100m, header.Message!)];
        return arms.SelectMany((arm, index) => MessageForms.FormsOf(arm.Item3).Select(form => new ReviewForm
        {
            Arm = index, ArmName = arm.Item1, Percent = arm.Item2, Locale = form.Locale, Template = form.Message,
        })).ToList();
    }

    /// <summary>The review of <paramref name="campaign"/>'s draft with <paramref name="header"/> and the <paramref name="users"/> the inspector saw.</summary>
    public async Task<CampaignReview> BuildAsync(Campaign campaign, BatchHeader header, AudienceInspector inspector, long users, CancellationToken cancellationToken)
    {
        var forms = FormsOf(header);
        var rendered = BatchHeaderValidator.Render(header);
        var arms = rendered.Length;
        var columns = header.Columns ?? [];
        var platforms = campaign.Platforms.Count == 0 ? Enum.GetValues<PushPlatform>() : [.. campaign.Platforms];
        var sample = inspector.Sample.Users;

        var devices = new IReadOnlyList<DeviceRegistration>[sample.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sample.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            devices[i] = (await _registry.GetDevicesAsync(sample[i].UserId, ct).ConfigureAwait(false)).Where(d => platforms.Contains(d.Platform)).ToList())
            .ConfigureAwait(false);

        // Tally the sample per form: index = the form's position in `forms` (arm's first form + locale index + 1).
        var armStart = Enumerable.Range(0, arms).Select(a => forms.TakeWhile(f => f.Arm != a).Count()).ToArray();
        var formUsers = new long[forms.Count];
        var formDevices = new long[forms.Count];
        var formAndroid = new long[forms.Count];
        var formIos = new long[forms.Count];
        var sampledInArm = new long[arms];
        var assign = header.Experiment is { } experiment ? new ExperimentArms(experiment) : null;
        var armOf = new int[sample.Count];
        for (var i = 0; i < sample.Count; i++)
        {
            var arm = assign?.Assign(sample[i].UserId) ?? 0;
            armOf[i] = arm;
            if (arm == ExperimentArms.Control)
            {
                continue;
            }

            sampledInArm[arm]++;
            var reached = new HashSet<int>();
            foreach (var device in devices[i])
            {
                var form = armStart[arm] + (rendered[arm].LocaleFor(device.Locale) is { } l ? l + 1 : 0);
                formDevices[form]++;
                (device.Platform == PushPlatform.Ios ? formIos : formAndroid)[form]++;
                if (reached.Add(form))
                {
                    formUsers[form]++;
                }
            }
        }

        // Each arm's figures scale by its exact user count over its sampled users: the sample is by hash, like the arms.
        long Scale(long count, int arm) => sample.Count >= users || sampledInArm[arm] == 0
            ? count
            : (long)Math.Round((double)count * inspector.ArmUsers[arm] / sampledInArm[arm], MidpointRounding.AwayFromZero);
        var reviewed = forms.Select((f, i) => f with
        {
            Users = Scale(formUsers[i], f.Arm),
            Devices = Scale(formDevices[i], f.Arm),
            AndroidDevices = Scale(formAndroid[i], f.Arm),
            IosDevices = Scale(formIos[i], f.Arm),
        }).ToList();

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
            var byForm = devices[i].GroupBy(d => rendered[arm].LocaleFor(d.Locale) is { } l ? l + 1 : 0)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<PushPlatform>)g.Select(d => d.Platform).Distinct().Order().ToList());
            if (byForm.Count == 0)
            {
                byForm[0] = [];
            }

            var renderings = byForm.OrderBy(g => g.Key).Select(g =>
            {
                var form = forms[armStart[arm] + g.Key];
                return new ReviewRendering(form.Locale, g.Value, MessageForms.Fill(form.Template, column => values.GetValueOrDefault(column)));
            }).ToList();
            samples.Add(new ReviewSample
            {
                UserId = user.UserId, ArmName = forms[armStart[arm]].ArmName, Values = values, Devices = devices[i].Count, Renderings = renderings,
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
            Devices = reviewed.Sum(f => f.Devices),
            AndroidDevices = reviewed.Sum(f => f.AndroidDevices),
            IosDevices = reviewed.Sum(f => f.IosDevices),
            Forms = reviewed,
            Columns = inspector.Columns(TopValues),
            Samples = samples,
        };
    }
}
