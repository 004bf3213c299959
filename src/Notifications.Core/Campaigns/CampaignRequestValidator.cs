using System.Globalization;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Campaigns;

/// <summary>Checks a campaign request; every problem is keyed by its field, as the form and the API show them.</summary>
public static class CampaignRequestValidator
{
    /// <summary>Longest audience query accepted.</summary>
    public const int MaxQueryLength = 20_000;

    /// <summary>The most variants an ad-hoc A/B test may have: each is another set of forms for the approvers to read.</summary>
    public const int MaxVariants = 6;

    /// <summary>The longest variant name (it is on every push of its arm and in every readout).</summary>
    public const int MaxVariantName = 32;

    /// <summary>
    /// Field errors (empty when valid); deep links may use <paramref name="deepLinkSchemes"/> only. What the audience
    /// query is, the engine decides (<see cref="Audience.IAudienceSource.CheckAsync"/>), not a look at its first word.
    /// </summary>
    public static Dictionary<string, string[]> Validate(CampaignRequest request, DateTimeOffset now, IReadOnlySet<string> deepLinkSchemes)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string problem)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(problem);
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            Add("title", "required");
        }
        else if (request.Title.Length > 200)
        {
            Add("title", "at most 200 characters");
        }

        if (string.IsNullOrWhiteSpace(request.AudienceQuery))
        {
            Add("audienceQuery", "required: SQL that returns a user_id column");
        }
        else if (request.AudienceQuery.Length > MaxQueryLength)
        {
            Add("audienceQuery", $"at most {MaxQueryLength} characters");
        }

        ValidateMessages(request, deepLinkSchemes, Add);
        ValidatePlaceholders(request, Add);

        if (request.Platforms is not { Count: > 0 })
        {
            Add("platforms", "choose android, ios or both");
        }
        else
        {
            for (var i = 0; i < request.Platforms.Count; i++)
            {
                if (!PlatformNames.TryParse(request.Platforms[i], out _))
                {
                    Add("platforms", $"entry {i + 1} is not a platform (android or ios)");
                }
            }
        }

        if (request.SendAfter is { } after && (after < now.AddMinutes(-5) || after > now.AddDays(30)))
        {
            Add("sendAfter", "must be between now and 30 days from now");
        }

        // A marketing campaign may hold or skip sleepers, never wake them: "ignore" is for transactional sends.
        if (request.QuietHours is { } quiet && ParseQuietHours(quiet) is null)
        {
            Add("quietHours", "defer (hold users until their quiet hours end) or skip (leave them out)");
        }

        if (request.DeliverAt is { } deliverAt && Timing.LocalTimes.Parse(deliverAt) is null)
        {
            Add("deliverAt", "a time of day as HH:mm (24-hour), such as 10:00");
        }

        if (request.LocalTime == true && request.DeliverAt is null)
        {
            Add("localTime", "needs a delivery time (deliverAt) to read in each user's zone");
        }

        if (request.MaxPerMinute is { } rate && rate is < BatchHeaderValidator.MinPerMinute or > BatchHeaderValidator.MaxPerMinute)
        {
            Add("maxPerMinute", $"from {BatchHeaderValidator.MinPerMinute} to {BatchHeaderValidator.MaxPerMinute:N0} pushes a minute");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The messages a request sends, in arm order (its single message, or each variant's).</summary>
    public static IReadOnlyList<PushMessage> MessagesOf(CampaignRequest request) =>
        request.Variants is { Count: > 0 } variants ? variants.Where(v => v?.Message is not null).Select(v => v.Message!).ToList()
        : request.Message is { } message ? [message] : [];

    private static void ValidateMessages(CampaignRequest request, IReadOnlySet<string> deepLinkSchemes, Action<string, string> add)
    {
        if (request.Variants is null)
        {
            foreach (var error in PushMessageValidator.Validate(request.Message, deepLinkSchemes: deepLinkSchemes))
            {
                add(error.Field, error.Problem);
            }

            if (request.ControlPercent is not null)
            {
                add("controlPercent", "a control group needs variants: send the message as variants[0] with its percent");
            }

            return;
        }

        if (request.Message is not null)
        {
            add("message", "give either message or variants, not both");
        }

        if (request.Variants.Count is 0 or > MaxVariants)
        {
            add("variants", $"from 1 to {MaxVariants} variants");
            return;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < request.Variants.Count; i++)
        {
            var path = $"variants[{i}]";
            if (request.Variants[i] is not { } variant)
            {
                add(path, "is required");
                continue;
            }

            if (variant.Name is not { Length: > 0 and <= MaxVariantName } name || !CampaignIds.IsValid(name))
            {
                add($"{path}.name", $"1-{MaxVariantName} of letters, digits, '.', '_', '-'");
            }
            else if (!names.Add(name))
            {
                add($"{path}.name", "another variant has this name");
            }

            if (variant.Percent is not { } percent || percent <= 0 || percent > 100 || decimal.Round(percent, 2) != percent)
            {
                add($"{path}.percent", "above 0, at most 100, two decimals at most");
            }

            foreach (var error in PushMessageValidator.Validate(variant.Message, $"{path}.message", deepLinkSchemes))
            {
                add(error.Field, error.Problem);
            }
        }

        var control = request.ControlPercent ?? 0;
        if (control < 0 || control >= 100 || decimal.Round(control, 2) != control)
        {
            add("controlPercent", "from 0 to under 100, two decimals at most");
        }
        else if (request.Variants.All(v => v?.Percent is > 0) && request.Variants.Sum(v => v!.Percent!.Value) + control is var total && total != 100)
        {
            add("variants", string.Create(CultureInfo.InvariantCulture, $"the variants' percents and controlPercent add up to {total}, not 100"));
        }
    }

    private static void ValidatePlaceholders(CampaignRequest request, Action<string, string> add)
    {
        if (request.Placeholders is null)
        {
            return;
        }

        var used = MessageForms.ColumnsOf(MessagesOf(request));
        foreach (var (column, rule) in request.Placeholders)
        {
            var path = $"placeholders.{(MessageTemplate.IsColumnName(column) ? column : "?")}";
            if (!MessageTemplate.IsColumnName(column))
            {
                add("placeholders", "keys must be column names (a letter or _, then letters, digits, _)");
            }
            else if (!used.Contains(column, StringComparer.Ordinal))
            {
                add(path, "no placeholder of the message uses this column");
            }

            if (rule is null)
            {
                add(path, "is empty");
            }
            else if (rule.MaxLength is { } max && max is < 1 or > AudienceEntry.MaxValueLength)
            {
                add($"{path}.maxLength", $"from 1 to {AudienceEntry.MaxValueLength} characters");
            }
        }
    }

    /// <summary>The quiet-hours mode a request may choose (<c>defer</c> or <c>skip</c>), or null.</summary>
    public static Timing.QuietHoursMode? ParseQuietHours(string? value) => value?.ToLowerInvariant() switch
    {
        "defer" => Timing.QuietHoursMode.Defer,
        "skip" => Timing.QuietHoursMode.Skip,
        _ => null,
    };
}
