using System.Text.RegularExpressions;
using Notifications.Core.Batches.Files;
using Notifications.Core.Cohorts.Definitions;

namespace Notifications.Core.Cohorts;

/// <summary>The cohort campaigns this build runs, and the checks every definition must pass before a host starts.</summary>
public static partial class CohortCatalog
{
    /// <summary>Every campaign, in the order they are listed and run.</summary>
    public static IReadOnlyList<CohortCampaign> All { get; } =
    [
        UnfinishedSignupDay1.Campaign,
        EngagementDay2.Campaign,
        InactiveDay21.Campaign,
    ];

    /// <summary>The campaign with <paramref name="id"/>, or null.</summary>
    public static CohortCampaign? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// The cohort and run date of a campaign id a run wrote (<see cref="CohortCampaign.CampaignIdFor"/>, read back);
    /// null for any other campaign id.
    /// </summary>
    public static (CohortCampaign Cohort, DateOnly Date)? FindRun(string? campaignId) =>
        All.FirstOrDefault(c => campaignId is not null && campaignId.StartsWith(c.Id + "-", StringComparison.Ordinal)) is { } cohort
        && DateOnly.TryParseExact(campaignId![(cohort.Id.Length + 1)..], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var date)
            ? (cohort, date)
            : null;

    /// <summary>
    /// What is wrong with <paramref name="campaigns"/>: ids (unique, a slug), shares (variants plus control total 100),
    /// messages (render within the 4 KB limits), and a query that names its parameters.
    /// </summary>
    public static IReadOnlyList<string> Validate(IEnumerable<CohortCampaign> campaigns)
    {
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var experiments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var campaign in campaigns)
        {
            var name = $"cohort '{campaign.Id}'";
            if (!Slug().IsMatch(campaign.Id))
            {
                problems.Add($"{name}: the id must be 3-40 lower-case letters, digits and dashes");
            }

            if (!ids.Add(campaign.Id) | !ids.Add("setting:" + campaign.SettingName))
            {
                problems.Add($"{name}: the id or setting name is used twice");
            }

            if (!SettingKey().IsMatch(campaign.SettingName))
            {
                problems.Add($"{name}: the setting name must be letters and digits, starting with a letter");
            }

            if (!experiments.Add(campaign.Experiment.Id))
            {
                problems.Add($"{name}: experiment id '{campaign.Experiment.Id}' is used by another cohort");
            }

            // The batch file's own rules (shares total 100, two decimals, unique variant names, 4 KB payloads)
            // apply as they will when the file is sent.
            problems.AddRange(BatchHeaderValidator.Validate(campaign.HeaderFor(new DateOnly(2026, 1, 1))).Select(p => $"{name}: {p}"));

            foreach (var parameter in campaign.Parameters(new DateOnly(2026, 1, 1)).Keys)
            {
                if (!campaign.Sql.Contains('@' + parameter, StringComparison.Ordinal))
                {
                    problems.Add($"{name}: parameter '{parameter}' is not used by the query");
                }
            }

            if (!Slug().IsMatch(campaign.Goal.Name))
            {
                problems.Add($"{name}: the goal's name must be 3-40 lower-case letters, digits and dashes");
            }

            if (campaign.Goal.Window <= TimeSpan.Zero || campaign.Goal.Window > TimeSpan.FromDays(30) || campaign.Goal.Window.Ticks % TimeSpan.TicksPerHour != 0)
            {
                problems.Add($"{name}: the goal's window must be whole hours, at most 30 days");
            }

            if (!campaign.Goal.Sql.Contains("user_id", StringComparison.Ordinal) || !campaign.Goal.Sql.Contains("occurred_at", StringComparison.Ordinal)
                || campaign.Goal.Sql.Contains('@', StringComparison.Ordinal) || campaign.Goal.Sql.Contains(';', StringComparison.Ordinal))
            {
                problems.Add($"{name}: the goal's query must return user_id and occurred_at, with no parameters and one statement");
            }

            if (campaign.Platforms.Count == 0)
            {
                problems.Add($"{name}: no platforms");
            }
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex SettingKey();
}
