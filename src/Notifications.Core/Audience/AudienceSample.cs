namespace Notifications.Core.Audience;

/// <summary>What an engine found when counting and sampling an audience query without writing anything.</summary>
/// <param name="Problem">Why the query cannot run, phrased for its author; null when it ran.</param>
/// <param name="Users">Distinct users selected, counted up to the limit asked for.</param>
/// <param name="AtLeast">Whether the count stopped at the limit (there are at least <paramref name="Users"/>).</param>
/// <param name="Sample">
/// Up to the sample size asked for, chosen by a hash of the id rather than the engine's row order: spread over the
/// audience, and the same on every preview of the same query.
/// </param>
/// <param name="BytesProcessed">What the engine says the query scans, when it says.</param>
public sealed record AudienceSample(string? Problem, long Users, bool AtLeast, IReadOnlyList<string> Sample, long? BytesProcessed = null)
{
    /// <summary>A query that cannot run.</summary>
    public static AudienceSample Refused(string problem) => new(problem, 0, false, []);
}
