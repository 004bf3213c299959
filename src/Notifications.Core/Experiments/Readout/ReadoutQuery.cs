using Notifications.Core.Audience;

namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// One of the system's own readout queries: text from source (never a person's), named parameters, the columns it
/// returns (read as text), and the log slices it needs (<see cref="ReadoutTables"/>).
/// </summary>
/// <param name="Sql">Standard SQL, the same on BigQuery and DuckDB.</param>
/// <param name="Parameters">Named parameter values.</param>
/// <param name="Columns">The result's columns, in order.</param>
/// <param name="Label">What the query is for (a cohort or campaign id), for job labels.</param>
/// <param name="Tables">The exposure and event log slices it reads.</param>
public sealed record ReadoutQuery(
    string Sql, IReadOnlyDictionary<string, AudienceParameter> Parameters, IReadOnlyList<string> Columns, string Label, ReadoutTables Tables);
