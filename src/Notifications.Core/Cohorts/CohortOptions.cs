namespace Notifications.Core.Cohorts;

/// <summary>Scheduled cohort campaigns (section <c>Cohorts</c>).</summary>
public sealed class CohortOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cohorts";

    /// <summary>
    /// Six-field NCRONTAB schedules (seconds first, as the Functions timer reads them) by
    /// <see cref="CohortCampaign.SettingName"/>; a cohort not listed runs on its <see cref="CohortCampaign.DefaultSchedule"/>
    /// locally. The Functions timers read <c>Cohorts:Schedules:{SettingName}</c> too, so one setting drives both hosts.
    /// </summary>
    public IDictionary<string, string> Schedules { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The time zone whose calendar date a run is for (schedules are evaluated in it locally).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Cohorts that must not run (ids), e.g. while a campaign is paused.</summary>
    public IList<string> Disabled { get; } = [];

    /// <summary>The schedule of <paramref name="campaign"/>.</summary>
    public string ScheduleOf(CohortCampaign campaign) =>
        Schedules.TryGetValue(campaign.SettingName, out var schedule) && !string.IsNullOrWhiteSpace(schedule) ? schedule : campaign.DefaultSchedule;
}
