using System.Globalization;
using Notifications.Core.Audience;
using Notifications.Core.Cohorts;

namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// The readout queries, in the SQL both engines share. They read the exposure log (<see cref="ExposuresTable"/>) and the
/// event log (<see cref="EventsTable"/>) beside the analytics data: in BigQuery, tables of the default dataset that the
/// logs are loaded into; locally, temporary tables loaded from blob storage.
/// </summary>
public static class ReadoutSql
{
    /// <summary>The exposure log as a table (<c>docs/exposures.schema.json</c>).</summary>
    public const string ExposuresTable = "push_exposures";

    /// <summary>The event log as a table (<c>docs/push-events.schema.json</c>).</summary>
    public const string EventsTable = "push_events";

    /// <summary>The columns <see cref="Arms"/> returns.</summary>
    public static readonly IReadOnlyList<string> ArmColumns = ["arm", "users", "opened", "converted"];

    /// <summary>The columns <see cref="Campaign"/> returns.</summary>
    public static readonly IReadOnlyList<string> CampaignColumns = ["event_type", "users"];

    /// <summary>
    /// Per arm of an experiment over run dates <c>@from_date</c>..<c>@to_date</c>: users exposed, opened (an open of the
    /// campaign that exposed them) and converted (the goal inside its window after the exposure). Intention to treat:
    /// every assigned user counts, whether or not a push reached them, so control and variants are comparable.
    /// </summary>
    public static string Arms(CohortGoal goal)
    {
        var hours = ((long)goal.Window.TotalHours).ToString(CultureInfo.InvariantCulture);
        return $"""
            WITH exposed AS (
              SELECT user_id, arm, campaign_id, exposed_at
              FROM {ExposuresTable}
              WHERE experiment_id = @experiment_id AND run_date BETWEEN @from_date AND @to_date
            ),
            goal AS (
              SELECT user_id, occurred_at FROM (
            {goal.Sql}
              ) reached
              WHERE occurred_at >= CAST(@from_date AS TIMESTAMP)
            ),
            opens AS (
              SELECT DISTINCT user_id, campaign_id FROM {EventsTable} WHERE event_type = 'opened'
            ),
            per_user AS (
              SELECT x.user_id, MIN(x.arm) AS arm,
                     MAX(CASE WHEN o.user_id IS NULL THEN 0 ELSE 1 END) AS opened,
                     MAX(CASE WHEN g.user_id IS NULL THEN 0 ELSE 1 END) AS converted
              FROM exposed x
              LEFT JOIN opens o ON o.user_id = x.user_id AND o.campaign_id = x.campaign_id
              LEFT JOIN goal g ON g.user_id = x.user_id AND g.occurred_at >= x.exposed_at AND g.occurred_at < x.exposed_at + INTERVAL {hours} HOUR
              GROUP BY x.user_id
            )
            SELECT arm, COUNT(*) AS users, SUM(opened) AS opened, SUM(converted) AS converted
            FROM per_user
            GROUP BY arm
            ORDER BY arm
            """;
    }

    /// <summary>Per event type of one campaign (<c>@campaign_id</c>): the distinct users who reported it.</summary>
    public static string Campaign() => $"""
        SELECT event_type, COUNT(DISTINCT user_id) AS users
        FROM {EventsTable}
        WHERE campaign_id = @campaign_id
        GROUP BY event_type
        ORDER BY event_type
        """;

    /// <summary>The parameters of <see cref="Arms"/>.</summary>
    public static IReadOnlyDictionary<string, AudienceParameter> ArmParameters(string experimentId, DateOnly from, DateOnly to) =>
        new Dictionary<string, AudienceParameter>
        {
            ["experiment_id"] = AudienceParameter.Text(experimentId),
            ["from_date"] = AudienceParameter.Date(from),
            ["to_date"] = AudienceParameter.Date(to),
        };
}
