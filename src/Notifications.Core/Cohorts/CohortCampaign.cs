using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Cohorts;

/// <summary>
/// A scheduled cohort campaign, defined in source (one file per campaign under <c>Definitions/</c>, reviewed like
/// code): who (a parameterised audience query for a run date), what (an experiment's variants and control share)
/// and on which platforms. It runs every day on its schedule, without approval.
/// </summary>
public sealed record CohortCampaign
{
    /// <summary>Stable id (lower-case letters, digits, dashes): instance ids, batch file names and schedules use it.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The key of its settings (<c>Cohorts:Schedules:{SettingName}</c>): letters and digits only, because app
    /// settings on Linux allow no dashes.
    /// </summary>
    public required string SettingName { get; init; }

    /// <summary>What the campaign is for, in a line.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// Standard SQL returning a <c>user_id</c> column; runs unchanged on BigQuery and DuckDB. Dates are named
    /// parameters (<c>@signup_day</c>), never text in the query.
    /// </summary>
    public required string Sql { get; init; }

    /// <summary>The query's parameters for a run date.</summary>
    public required Func<DateOnly, IReadOnlyDictionary<string, AudienceParameter>> Parameters { get; init; }

    /// <summary>The A/B test: variants with their messages and shares, and the control group's share.</summary>
    public required Experiment Experiment { get; init; }

    /// <summary>The conversion the experiment is judged on (<c>notify cohorts report</c>, the cohort page).</summary>
    public required CohortGoal Goal { get; init; }

    /// <summary>Platforms to push to (both by default).</summary>
    public IReadOnlyList<PushPlatform> Platforms { get; init; } = [PushPlatform.Android, PushPlatform.Ios];

    /// <summary>How long the gateways keep trying to reach an offline device.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Users in their quiet hours: held to their end (the default), or skipped.</summary>
    public Timing.QuietHoursMode? QuietHours { get; init; }

    /// <summary>A time of day (<c>HH:mm</c>) to push at instead of when the run starts.</summary>
    public string? DeliverAt { get; init; }

    /// <summary>Read <see cref="DeliverAt"/> in each user's own time zone.</summary>
    public bool LocalTime { get; init; }

    /// <summary>At most this many pushes a minute (spares the app's backend a rush of opens).</summary>
    public int? MaxPerMinute { get; init; }

    /// <summary>The options every run's batch file carries.</summary>
    public BatchSendOptions SendOptions => new()
    {
        Platforms = Platforms, TimeToLive = TimeToLive, QuietHours = QuietHours, DeliverAt = DeliverAt, LocalTime = LocalTime, MaxPerMinute = MaxPerMinute,
    };

    /// <summary>The schedule used when configuration names none (six-field NCRONTAB, seconds first).</summary>
    public required string DefaultSchedule { get; init; }

    /// <summary>The audience query of the run for <paramref name="date"/>.</summary>
    public AudienceQuery QueryFor(DateOnly date) => new(Sql, Parameters(date), Columns: Columns);

    /// <summary>The header of the day's batch file; its columns are what the variants' placeholders name.</summary>
    public BatchHeader HeaderFor(DateOnly date) => new()
    {
        CampaignId = CampaignIdFor(date),
        Experiment = Experiment,
        Options = SendOptions,
        Columns = Columns,
    };

    /// <summary>The columns the query must return besides user_id (the variants' placeholders name them); null when none.</summary>
    private IReadOnlyList<string>? Columns => MessageForms.ColumnsOf(Experiment.Variants.Select(v => v.Message)) is { Count: > 0 } columns ? columns : null;

    /// <summary>The campaign id of the run for <paramref name="date"/> (also the pushes' collapse id).</summary>
    public string CampaignIdFor(DateOnly date) => $"{Id}-{date:yyyyMMdd}";
}
