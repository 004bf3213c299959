using Notifications.Core.Api;

namespace Notifications.Core.Batches;

/// <summary>
/// One page of the send list, newest first: started between <see cref="From"/> and <see cref="To"/> (UTC dates, both
/// included), optionally in one status and of one kind, and started before the row <see cref="Before"/> (the previous
/// page's <see cref="BatchListPage.Older"/>). The date range bounds what one request reads, however many sends there are.
/// </summary>
public sealed partial record BatchListQuery
{
    /// <summary>The most sends on a page.</summary>
    public const int MaxLimit = 100;

    /// <summary>Only sends in this status; null for all.</summary>
    public BatchListStatus? Status { get; init; }

    /// <summary>Only manual or only system sends; null for both.</summary>
    public BatchKind? Kind { get; init; }

    /// <summary>The first day (UTC).</summary>
    public required DateOnly From { get; init; }

    /// <summary>The last day (UTC).</summary>
    public required DateOnly To { get; init; }

    /// <summary>Sends on the page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = ListParameters.DefaultLimit;

    /// <summary>Only sends older than this cursor (the <see cref="BatchListPage.Older"/> of the previous page).</summary>
    public string? Before { get; init; }

    /// <summary>
    /// Reads <c>status</c>, <c>kind</c> (<c>manual</c>, <c>system</c> or <c>all</c>), <c>from</c>, <c>to</c> (yyyy-MM-dd;
    /// default the 30 days up to <paramref name="today"/>), <c>limit</c> and <c>before</c> from a query string; errors
    /// name the parameter and the rule, never the value.
    /// </summary>
    public static (BatchListQuery? Query, Dictionary<string, string[]> Errors) Parse(Func<string, string?> get, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        var status = ListParameters.OneOf<BatchListStatus>(get, "status", errors);

        // "all" is the default spelled out, so a form can offer it as a choice.
        var kind = string.Equals(get("kind")?.Trim(), "all", StringComparison.OrdinalIgnoreCase)
            ? null
            : ListParameters.OneOf<BatchKind>(get, "kind", errors);
        if (errors.ContainsKey("kind"))
        {
            errors["kind"] = ["one of manual, system, all"];
        }

        var (from, to) = DateRange.Parse(get, today, errors);
        var limit = ListParameters.Limit(get, MaxLimit, errors);
        var before = get("before") is { Length: > 0 } b ? b : null;
        if (before is not null && !Cursor().IsMatch(before))
        {
            errors["before"] = ["the 'older' value of the previous page"];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new BatchListQuery { Status = status, Kind = kind, From = from, To = to, Limit = limit, Before = before }, errors);
    }

    // A row key of the start index (BatchStartIndex.KeyOf): inverted start ticks, then the send's id.
    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{19}-batch-[A-Za-z0-9._-]{1,120}$")]
    private static partial System.Text.RegularExpressions.Regex Cursor();
}
