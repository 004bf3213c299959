using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Campaigns;

/// <summary>Checks a campaign request; every problem is keyed by its field, as the form and the API show them.</summary>
public static class CampaignRequestValidator
{
    /// <summary>Longest audience query accepted.</summary>
    public const int MaxQueryLength = 20_000;

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

        foreach (var error in PushMessageValidator.Validate(request.Message, deepLinkSchemes: deepLinkSchemes))
        {
            Add(error.Field, error.Problem);
        }

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

    /// <summary>The quiet-hours mode a request may choose (<c>defer</c> or <c>skip</c>), or null.</summary>
    public static Timing.QuietHoursMode? ParseQuietHours(string? value) => value?.ToLowerInvariant() switch
    {
        "defer" => Timing.QuietHoursMode.Defer,
        "skip" => Timing.QuietHoursMode.Skip,
        _ => null,
    };
}
