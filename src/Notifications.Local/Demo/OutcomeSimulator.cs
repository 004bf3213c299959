using System.IO.Hashing;
using System.Text;
using DuckDB.NET.Data;
using Notifications.Adapters.Local.Experiments.Readout;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Cohorts.Definitions;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Experiments.Readout;

namespace Notifications.Local.Demo;

/// <summary>
/// The demo's users reacting to the cohort pushes, with a known answer: for each exposure the runs logged, a user
/// converts with their arm's planted rate (the goal's event is written into the analytics data inside the goal's window
/// after the exposure) and, when a push reached them, opens it with a fixed rate (recorded through the event store, as
/// <c>POST /api/events</c> records it). In <c>day2-engagement</c> the second variant converts 3 percentage points above
/// control and the first the same as control; the other cohorts have no effect planted. Draws hash the user and
/// campaign, so a rerun plants the same outcomes and records no open twice.
/// </summary>
internal static class OutcomeSimulator
{
    /// <summary>
    /// Per cohort: control's conversion rate, what each variant adds (percentage points), and the analytics event its
    /// goal's query reads (a sign-up finished, a friend invited, a login).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (double Base, IReadOnlyDictionary<string, double> Lift, string GoalEvent)> Planted =
        new Dictionary<string, (double, IReadOnlyDictionary<string, double>, string)>(StringComparer.Ordinal)
        {
            [UnfinishedSignupDay1.Campaign.Id] = (0.30, new Dictionary<string, double>(), "signup_completed"),
            [EngagementDay2.Campaign.Id] = (0.20, new Dictionary<string, double> { ["follow-more"] = 0, ["invite-friends"] = 0.03 }, "invite_sent"),
            [InactiveDay21.Campaign.Id] = (0.12, new Dictionary<string, double>(), "login"),
        };

    /// <summary>How often a pushed user opens the push.</summary>
    public const double OpenRate = 0.08;

    /// <summary>Plants outcomes for every exposure of <paramref name="cohorts"/> with run dates in the range; returns (conversions, opens) planted.</summary>
    public static async Task<(long Conversions, long Opens)> RunAsync(
        LocalExperimentTables exposures, OutcomeEventStore events, string analyticsDatabase, IEnumerable<CohortCampaign> cohorts, DateOnly from, DateOnly to,
        DateTime now, CancellationToken cancellationToken)
    {
        long conversions = 0, opens = 0;
        await using var connection = new DuckDBConnection($"Data Source={analyticsDatabase}");
        await connection.OpenAsync(cancellationToken);
        foreach (var cohort in cohorts)
        {
            var (rate, lifts, goalEvent) = Planted[cohort.Id];
            var goalEvents = new List<(string User, DateTime At)>();
            var opened = new List<OutcomeEvent>();
            await exposures.ReadExposuresAsync(cohort.Experiment.Id, from, to, line =>
            {
                var arm = line.Arm;
                var converts = Draw(line, "convert") < rate + lifts.GetValueOrDefault(arm);
                if (converts)
                {
                    // Somewhere inside the window, never on its edge.
                    goalEvents.Add((line.UserId, line.ExposedAt + (cohort.Goal.Window * (0.05 + (0.9 * Draw(line, "when"))))));
                }

                if (line.HasDevice && arm != ArmSummary.ControlName && Draw(line, "open") < OpenRate)
                {
                    var at = line.ExposedAt.AddMinutes(1 + (120 * Draw(line, "opened-at")));
                    opened.Add(new OutcomeEvent(OutcomeEventType.Opened, line.UserId, line.CampaignId, arm, null, at, now));
                }

                return ValueTask.CompletedTask;
            }, cancellationToken);

            WriteGoalEvents(connection, goalEvent, goalEvents);
            await Parallel.ForEachAsync(opened, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (e, ct) => await events.RecordAsync(e, ct));
            conversions += goalEvents.Count;
            opens += opened.Count;
        }

        return (conversions, opens);
    }

    /// <summary>A uniform draw in [0, 1) from the user, the campaign and what is drawn.</summary>
    private static double Draw(ExposureLine line, string what) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{line.CampaignId}\n{line.UserId}\n{what}")) / 18446744073709551616.0;

    private static void WriteGoalEvents(DuckDBConnection connection, string eventType, List<(string User, DateTime At)> reached)
    {
        using var appender = connection.CreateAppender("events");
        foreach (var (user, at) in reached)
        {
            appender.CreateRow().AppendValue(user).AppendValue(eventType).AppendValue(at).EndRow();
        }
    }
}
