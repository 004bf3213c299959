using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Files;

/// <summary>
/// Checks a batch header: the messages' placeholders name the audience's columns, every form (default, each locale)
/// renders within 4 KB even with the longest values, the experiment's shares add up.
/// </summary>
public static class BatchHeaderValidator
{
    /// <summary>The lowest send rate a batch may ask for: below it, a chunk would wait longer than its activity should.</summary>
    public const int MinPerMinute = 60;

    /// <summary>FCM's default project quota: a faster rate could never be met.</summary>
    public const int MaxPerMinute = 600_000;

    /// <summary>Every problem, each naming its field.</summary>
    /// <param name="header">The header.</param>
    /// <param name="longest">
    /// The longest value of each audience column (escaped bytes, <see cref="PayloadRenderer.EscapedLength"/>), when the
    /// audience has been read; personal messages are checked against them.
    /// </param>
    public static IEnumerable<string> Validate(BatchHeader header, IReadOnlyDictionary<string, int>? longest = null)
    {
        if (header.Options.TimeToLive is { } ttl && ttl > PushMessageValidator.MaxTimeToLive)
        {
            yield return "options.timeToLive: must be at most 28 days";
        }

        if (header.Options.DeliverAt is { } deliverAt && Timing.LocalTimes.Parse(deliverAt) is null)
        {
            yield return "options.deliverAt: must be a time of day as HH:mm (24-hour), such as 10:00";
        }

        if (header.Options.LocalTime && header.Options.DeliverAt is null)
        {
            yield return "options.localTime: needs options.deliverAt, the local time to push at";
        }

        if (header.Options.MaxPerMinute is { } rate && rate is < MinPerMinute or > MaxPerMinute)
        {
            yield return $"options.maxPerMinute: must be from {MinPerMinute} to {MaxPerMinute:N0}";
        }

        if (header.Options.QuietHours is { } mode && !Enum.IsDefined(mode))
        {
            yield return "options.quietHours: must be defer, skip or ignore";
        }

        if (!CampaignIds.IsValid(header.CampaignId))
        {
            yield break;
        }

        if (header.Message is not null)
        {
            foreach (var problem in RenderProblems(header, header.Message, "message", longest))
            {
                yield return problem;
            }
        }

        if (header.Experiment is { } experiment)
        {
            foreach (var problem in ExperimentProblems(header, experiment, longest))
            {
                yield return problem;
            }
        }
    }

    /// <summary>The messages to send, each form without placeholders rendered once: index i is variant i (or the single message at 0).</summary>
    public static MessageForms[] Render(BatchHeader header)
    {
        return header.Experiment is { } experiment
            ? experiment.Variants.Select(v => MessageForms.Create(header.CampaignId, ApplyOptions(header, v.Message), header.Columns, v.Name)).ToArray()
            : [MessageForms.Create(header.CampaignId, ApplyOptions(header, header.Message!), header.Columns)];
    }

    private static PushMessage ApplyOptions(BatchHeader header, PushMessage message) => message with
    {
        TimeToLive = header.Options.TimeToLive ?? message.TimeToLive,
        Priority = header.Options.Priority ?? message.Priority,
    };

    private static IEnumerable<string> RenderProblems(
        BatchHeader header, PushMessage message, string path, IReadOnlyDictionary<string, int>? longest, string? arm = null)
    {
        try
        {
            var forms = MessageForms.Create(header.CampaignId, ApplyOptions(header, message), header.Columns, arm);
            return longest is null
                ? []
                : forms.WorstCaseProblems(longest).Select(e => $"{path}{e.Field["message".Length..]}: {e.Problem}").ToList();
        }
        catch (InvalidPushMessageException ex)
        {
            return ex.Errors.Select(e => $"{path}{e.Field["message".Length..]}: {e.Problem}");
        }
    }

    private static IEnumerable<string> ExperimentProblems(BatchHeader header, Experiment experiment, IReadOnlyDictionary<string, int>? longest)
    {
        if (!CampaignIds.IsValid(experiment.Id))
        {
            yield return "experiment.id: must be 1-128 of letters, digits, '.', '_', '-'";
        }

        if (experiment.Variants.Count == 0)
        {
            yield return "experiment.variants: an experiment needs at least one variant";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < experiment.Variants.Count; i++)
        {
            var variant = experiment.Variants[i];
            var path = $"experiment.variants[{i}]";
            if (!CampaignIds.IsValid(variant.Name) || !names.Add(variant.Name))
            {
                yield return $"{path}.name: '{variant.Name}' must be a unique name of letters, digits, '.', '_', '-'";
            }

            if (variant.Percent <= 0 || variant.Percent > 100 || decimal.Round(variant.Percent, 2) != variant.Percent)
            {
                yield return $"{path}.percent: {variant.Percent} must be above 0, at most 100, with at most two decimals";
            }

            foreach (var problem in RenderProblems(header, variant.Message, $"{path}.message", longest, variant.Name))
            {
                yield return problem;
            }
        }

        if (experiment.ControlPercent < 0 || experiment.ControlPercent >= 100 || decimal.Round(experiment.ControlPercent, 2) != experiment.ControlPercent)
        {
            yield return $"experiment.controlPercent: {experiment.ControlPercent} must be from 0 to under 100, with at most two decimals";
        }

        var total = experiment.Variants.Sum(v => v.Percent) + experiment.ControlPercent;
        if (total != 100)
        {
            yield return $"experiment: variant percents plus controlPercent total {total}, not 100";
        }
    }
}
