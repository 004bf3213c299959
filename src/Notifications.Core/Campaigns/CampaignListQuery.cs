using Notifications.Core.Api;
using Notifications.Core.Batches;

namespace Notifications.Core.Campaigns;

/// <summary>
/// One page of the campaign list, newest first: submitted between <see cref="From"/> and <see cref="To"/> (UTC dates,
/// both included), optionally in one status, and submitted before the campaign <see cref="Before"/> (the previous
/// page's last id). The date range bounds what one request reads, however many campaigns there are in all.
/// </summary>
public sealed record CampaignListQuery
{
    /// <summary>The most campaigns on a page.</summary>
    public const int MaxLimit = 100;

    /// <summary>Only campaigns in this status; null for all.</summary>
    public CampaignStatus? Status { get; init; }

    /// <summary>The first day (UTC).</summary>
    public required DateOnly From { get; init; }

    /// <summary>The last day (UTC).</summary>
    public required DateOnly To { get; init; }

    /// <summary>Campaigns on the page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Only campaigns submitted before this one (the cursor of the next page).</summary>
    public string? Before { get; init; }

    /// <summary>
    /// Reads <c>status</c>, <c>from</c>, <c>to</c> (yyyy-MM-dd; default the 30 days up to <paramref name="today"/>),
    /// <c>limit</c> and <c>before</c> from a query string; errors name the parameter and the rule, never the value.
    /// </summary>
    public static (CampaignListQuery? Query, Dictionary<string, string[]> Errors) Parse(Func<string, string?> get, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        var status = ListParameters.OneOf<CampaignStatus>(get, "status", errors);
        var (from, to) = DateRange.Parse(get, today, errors);
        var limit = ListParameters.Limit(get, MaxLimit, errors);

        var before = get("before") is { Length: > 0 } b ? b : null;
        if (before is not null && !CampaignIds.IsValid(before))
        {
            errors["before"] = ["a campaign id from the previous page"];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new CampaignListQuery { Status = status, From = from, To = to, Limit = limit, Before = before }, errors);
    }
}
