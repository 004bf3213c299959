using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Cohorts.Definitions;

/// <summary>Day 2: people who signed up (and finished) two days ago: follow more people, invite friends.</summary>
public static class EngagementDay2
{
    /// <summary>The cohort as <see cref="CohortCatalog.All"/> lists it: its query, schedule, goal and experiment.</summary>
    public static CohortCampaign Campaign { get; } = new()
    {
        Id = "day2-engagement",
        SettingName = "Day2Engagement",
        Description = "Signed up two days ago: get them following more people and inviting friends.",
        Sql = """
            SELECT u.user_id
            FROM users u
            WHERE CAST(u.signed_up_at AS DATE) = @signup_day
              AND EXISTS (
                SELECT 1 FROM events e
                WHERE e.user_id = u.user_id AND e.event_type = 'signup_completed')
            """,
        Parameters = date => new Dictionary<string, AudienceParameter> { ["signup_day"] = AudienceParameter.Date(date.AddDays(-2)) },
        DefaultSchedule = "0 0 18 * * *",
        Goal = new CohortGoal
        {
            Name = "followed-or-invited",
            Description = "followed someone or invited a friend within 48 h of the push",
            Sql = """
                SELECT user_id, followed_at AS occurred_at FROM follows
                UNION ALL
                SELECT user_id, occurred_at FROM events WHERE event_type = 'invite_sent'
                """,
            Window = TimeSpan.FromHours(48),
        },
        Experiment = new Experiment
        {
            Id = "day2-engagement-v1",
            ControlPercent = 10,
            Variants =
            [
                new ExperimentVariant
                {
                    Name = "follow-more",
                    Percent = 45,
                    Message = new PushMessage
                    {
                        Title = "Make your feed yours",
                        Body = "Follow five more people you like and your feed comes alive.",
                        DeepLink = "https://social.example/discover/people",
                    },
                },
                new ExperimentVariant
                {
                    Name = "invite-friends",
                    Percent = 45,
                    Message = new PushMessage
                    {
                        Title = "Better with friends",
                        Body = "Invite your friends: you'll both see each other's posts first.",
                        DeepLink = "https://social.example/invite",
                    },
                },
            ],
        },
    };
}
