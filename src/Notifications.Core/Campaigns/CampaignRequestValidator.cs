using System.ComponentModel.DataAnnotations;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Campaigns;

/// <summary>Checks a campaign request; every problem is keyed by its field, as the form and the API show them.</summary>
public static class CampaignRequestValidator
{
    /// <summary>Longest audience query accepted.</summary>
    public const int MaxQueryLength = 20_000;

    /// <summary>Field errors (empty when valid).</summary>
    public static Dictionary<string, string[]> Validate(CampaignRequest request, DateTimeOffset now)
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
        else if (!LooksLikeSelect(request.AudienceQuery))
        {
            Add("audienceQuery", "must be a SELECT (or WITH ... SELECT) query");
        }

        foreach (var error in PushMessageValidator.Validate(request.Message))
        {
            Add(error.Field, error.Problem);
        }

        if (request.Platforms is not { Count: > 0 })
        {
            Add("platforms", "choose android, ios or both");
        }
        else
        {
            foreach (var platform in request.Platforms)
            {
                if (!PlatformNames.TryParse(platform, out _))
                {
                    Add("platforms", $"'{platform}' is not a platform (android or ios)");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(request.RequesterName) || request.RequesterName.Length > 100)
        {
            Add("requesterName", "required, at most 100 characters");
        }

        if (string.IsNullOrWhiteSpace(request.RequesterEmail) || !new EmailAddressAttribute().IsValid(request.RequesterEmail))
        {
            Add("requesterEmail", "required: an email address for the outcome");
        }

        if (request.SendAfter is { } after && (after < now.AddMinutes(-5) || after > now.AddDays(30)))
        {
            Add("sendAfter", "must be between now and 30 days from now");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static bool LooksLikeSelect(string sql)
    {
        var text = sql.TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase) ||
               text.StartsWith('(');
    }
}
