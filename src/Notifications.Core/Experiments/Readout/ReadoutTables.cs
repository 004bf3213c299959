namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// The slices of the exposure and event logs a readout reads. BigQuery has them loaded as tables already and ignores
/// this; the local engine loads exactly these slices from blob storage before the query runs.
/// </summary>
/// <param name="ExperimentId">The experiment whose exposures are read; null for none (a campaign without arms).</param>
/// <param name="RunsFrom">First run date of the exposures.</param>
/// <param name="RunsTo">Last run date of the exposures.</param>
/// <param name="EventsFrom">First day (UTC, of arrival) of the event log.</param>
/// <param name="EventsTo">Last day of the event log.</param>
public sealed record ReadoutTables(string? ExperimentId, DateOnly RunsFrom, DateOnly RunsTo, DateOnly EventsFrom, DateOnly EventsTo);
