using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Cohorts.Definitions;

/// <summary>Day 1: people who signed up yesterday and did not finish.</summary>
public static class UnfinishedSignupDay1
{
    /// <summary>The cohort as <see cref="CohortCatalog.All"/> lists it: its query, schedule, goal and experiment.</summary>
    public static CohortCampaign Campaign { get; } = new()
    {
        Id = "day1-unfinished-signup",
        SettingName = "Day1UnfinishedSignup",
        Description = "Signed up yesterday and did not finish: nudge them back to complete their profile.",
        Sql = """
            SELECT u.user_id
            FROM users u
            WHERE CAST(u.signed_up_at AS DATE) = @signup_day
              AND NOT EXISTS (
                SELECT 1 FROM events e
                WHERE e.user_id = u.user_id AND e.event_type = 'signup_completed')
            """,
        Parameters = date => new Dictionary<string, AudienceParameter> { ["signup_day"] = AudienceParameter.Date(date.AddDays(-1)) },
        DefaultSchedule = "0 0 17 * * *",
        Goal = new CohortGoal
        {
            Name = "finished-signup",
            Description = "finished sign-up within 24 h of the push",
            Sql = "SELECT user_id, occurred_at FROM events WHERE event_type = 'signup_completed'",
            Window = TimeSpan.FromHours(24),
        },

        // A sign-up nudge belongs to the evening it was meant for; the next morning it is one more thing to dismiss.
        QuietHours = Timing.QuietHoursMode.Skip,
        Experiment = new Experiment
        {
            Id = "day1-unfinished-signup-v1",
            ControlPercent = 10,
            Variants =
            [
                new ExperimentVariant
                {
                    Name = "one-step",
                    Percent = 45,
                    Message = new PushMessage
                    {
                        Title = "You're one step away",
                        Body = "Finish setting up your profile to see what your friends are sharing.",
                        DeepLink = "https://social.example/signup/continue",
                    },
                },
                new ExperimentVariant
                {
                    Name = "friends-waiting",
                    Percent = 45,
                    Message = new PushMessage
                    {
                        Title = "Your friends are already here",
                        Body = "Complete your sign-up and we'll show you who you know.",
                        DeepLink = "https://social.example/signup/continue",
                    },
                },
            ],
        },
    };
}
