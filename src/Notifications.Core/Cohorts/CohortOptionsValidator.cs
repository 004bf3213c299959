using Cronos;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Cohorts;

/// <summary>
/// Start-up check of the cohorts: every definition in <see cref="CohortCatalog"/> is sound (shares total 100, payloads
/// fit), every schedule parses, the time zone exists, and configuration names only cohorts that exist.
/// </summary>
public sealed class CohortOptionsValidator : IValidateOptions<CohortOptions>
{
    private readonly IReadOnlyList<CohortCampaign> _campaigns;

    /// <summary>Checks the catalog of this build.</summary>
    public CohortOptionsValidator()
        : this(CohortCatalog.All)
    {
    }

    /// <summary>Checks <paramref name="campaigns"/> (tests pass broken ones).</summary>
    public CohortOptionsValidator(IReadOnlyList<CohortCampaign> campaigns) => _campaigns = campaigns;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CohortOptions options)
    {
        var problems = CohortCatalog.Validate(_campaigns).ToList();
        foreach (var key in options.Schedules.Keys.Where(key => _campaigns.All(c => c.SettingName != key)))
        {
            problems.Add($"Cohorts:Schedules:{key}: not a cohort (known: {string.Join(", ", _campaigns.Select(c => c.SettingName))})");
        }

        foreach (var id in options.Disabled.Where(id => _campaigns.All(c => c.Id != id)))
        {
            problems.Add($"Cohorts:Disabled: '{id}' is not a cohort (known: {string.Join(", ", _campaigns.Select(c => c.Id))})");
        }

        foreach (var campaign in _campaigns)
        {
            var schedule = options.ScheduleOf(campaign);
            try
            {
                CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
            }
            catch (CronFormatException ex)
            {
                problems.Add($"Cohorts:Schedules:{campaign.SettingName}: '{schedule}' is not a six-field NCRONTAB expression ({ex.Message})");
            }
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            problems.Add($"Cohorts:TimeZone: '{options.TimeZone}' is not a time zone id");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
