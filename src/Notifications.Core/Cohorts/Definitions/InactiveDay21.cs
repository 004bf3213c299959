using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Cohorts.Definitions;

/// <summary>Day 21: people whose last login was exactly 21 days ago.</summary>
public static class InactiveDay21
{
    /// <summary>The cohort as <see cref="CohortCatalog.All"/> lists it: its query, schedule, goal and experiment.</summary>
    public static CohortCampaign Campaign { get; } = new()
    {
        Id = "day21-inactive",
        SettingName = "Day21Inactive",
        Description = "Last login exactly 21 days ago: show them what they missed.",
        Sql = """
            SELECT e.user_id, MIN(u.first_name) AS first_name
            FROM events e LEFT JOIN users u ON u.user_id = e.user_id
            WHERE e.event_type = 'login'
            GROUP BY e.user_id
            HAVING CAST(MAX(e.occurred_at) AS DATE) = @last_login_day
            """,
        Parameters = date => new Dictionary<string, AudienceParameter> { ["last_login_day"] = AudienceParameter.Date(date.AddDays(-21)) },
        DefaultSchedule = "0 0 16 * * *",
        Goal = new CohortGoal
        {
            Name = "logged-in",
            Description = "logged in within 3 days of the push",
            Sql = "SELECT user_id, occurred_at FROM events WHERE event_type = 'login'",
            Window = TimeSpan.FromDays(3),
        },

        // Lapsed users who come back all open the feed at once, and theirs is the coldest cache: spread them out.
        MaxPerMinute = 30_000,
        Experiment = new Experiment
        {
            Id = "day21-inactive-v1",
            ControlPercent = 20,
            Variants =
            [
                new ExperimentVariant
                {
                    Name = "missed-you",
                    Percent = 40,
                    Message = new PushMessage
                    {
                        Title = "We missed you, {{first_name | default: \"friend\"}}",
                        Body = "Your friends posted 12 new things since your last visit.",
                        DeepLink = "https://social.example/feed",
                        Locales = new Dictionary<string, MessageLocale>
                        {
                            ["de"] = new() { Title = "Wir vermissen dich, {{first_name | default: \"du\"}}", Body = "Deine Freunde haben 12 neue Dinge gepostet." },
                            ["fr"] = new() { Title = "Tu nous manques, {{first_name | default: \"toi\"}}", Body = "Tes amis ont publié 12 nouveautés depuis ta dernière visite." },
                        },
                    },
                },
                new ExperimentVariant
                {
                    Name = "whats-new",
                    Percent = 40,
                    Message = new PushMessage
                    {
                        Title = "New since you left",
                        Body = "Stories, music and more: see what's new on Social.",
                        DeepLink = "https://social.example/whats-new",
                    },
                },
            ],
        },
    };
}
